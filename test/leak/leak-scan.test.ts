import { findLeaks, formsOf } from './global-teardown';

const secret = 'p@ss/wörd+"x"';
const secrets = new Map([[secret, 'SECRET_DB']]);

test.each([
  ['raw', secret],
  ['URL-encoded', encodeURIComponent(secret)],
  ['JSON-escaped', JSON.stringify({ v: secret })],
  ['base64', Buffer.from(secret).toString('base64')],
])('the scan finds a secret in its %s form, and names the setting, not the value', (_form, text) => {
  const { leaks } = findLeaks(secrets, [{ where: 'variable x', text: `before ${text} after` }]);
  expect(leaks).toEqual(['SECRET_DB (a form of its value) in variable x']);
});

test('masked text and other values are no leak', () => {
  expect(findLeaks(secrets, [{ where: 'worker log', text: 'bucket *** and p@ss' }]).leaks).toEqual([]);
  expect(formsOf('plain1')).toEqual(['plain1', 'cGxhaW4x']);
});
