import path from 'node:path';
import { findException, loadExceptions } from '../../scripts/licences/exceptions';
import { judgeLicence } from '../../scripts/licences/expression';

// The licence guard's reviewed exceptions (scripts/licences/exceptions.json), as check.sh judges packages.
const exceptions = loadExceptions(path.join(__dirname, '../../scripts/licences/exceptions.json'));
const npm = (name: string, version: string, licence: string, where: string) => ({ ecosystem: 'npm', name, version, licence, path: where });

test('bpmn-js is the one bpmn.io-licensed exception, and only in the playground', () => {
  expect(judgeLicence('Custom: LICENSE').ok).toBe(false);
  expect(findException(exceptions, npm('bpmn-js', '18.31.1', 'Custom: LICENSE', 'playground/node_modules/bpmn-js'))?.package).toBe('bpmn-js');
  // The same package in the worker's own tree (what npm publishes and the image installs) is not excepted.
  expect(findException(exceptions, npm('bpmn-js', '18.31.1', 'Custom: LICENSE', 'node_modules/bpmn-js'))).toBeUndefined();
  expect(findException(exceptions, npm('bpmn-js', '18.31.1', 'Custom: LICENSE', 'playground-old/node_modules/bpmn-js'))).toBeUndefined();
  // A new major, or a changed licence, is reviewed again.
  expect(findException(exceptions, npm('bpmn-js', '19.0.0', 'Custom: LICENSE', 'playground/node_modules/bpmn-js'))).toBeUndefined();
  expect(findException(exceptions, npm('bpmn-js', '18.31.1', 'SEE LICENSE IN LICENSE', 'playground/node_modules/bpmn-js'))).toBeUndefined();
});

test('any other package that is not OSI-approved still fails, in the playground too', () => {
  for (const licence of ['Custom: LICENSE', 'SEE LICENSE IN LICENSE', 'BUSL-1.1', 'SSPL-1.0', 'UNLICENSED']) {
    expect(judgeLicence(licence).ok).toBe(false);
    expect(findException(exceptions, npm('diagram-js', '15.28.1', licence, 'playground/node_modules/diagram-js'))).toBeUndefined();
  }
  // Only bpmn-js carries the bpmn.io licence: no other entry names a playground package with a licence that is not MIT.
  const playground = exceptions.filter((e) => e.under === 'playground');
  expect(playground.filter((e) => !/^MIT\*?$/.test(e.licence)).map((e) => e.package)).toEqual(['bpmn-js']);
});
