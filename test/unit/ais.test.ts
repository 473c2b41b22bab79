/**
 * Pins the AIS format (`aisResponse`), the shape the README documents: keep it stable, models map it.
 */
import { aisFromEntities, aisFromLabels, aisFromTextLines } from '../../worker/connectors/ais';

describe('aisResponse', () => {
  test('Comprehend entities: every aspect of the nine entity types, distinct texts in the order found', () => {
    const ais = aisFromEntities([
      { type: 'PERSON', text: 'Ada Lovelace' },
      { type: 'LOCATION', text: 'London' },
      { type: 'PERSON', text: 'Charles Babbage' },
      { type: 'PERSON', text: 'Ada Lovelace' },
      { type: 'ORGANIZATION', text: 'Royal Society' },
      { type: 'COMMERCIAL_ITEM', text: 'Analytical Engine' },
      { type: 'EVENT', text: 'Great Exhibition' },
      { type: 'DATE', text: '1843' },
      { type: 'QUANTITY', text: 'two volumes' },
      { type: 'TITLE', text: 'Sketch of the Analytical Engine' },
      { type: 'OTHER', text: 'Bernoulli numbers' },
      { type: 'SOMETHING_NEW', text: 'an unknown type' },
    ]);
    expect(ais).toEqual({
      'ai:people': ['Ada Lovelace', 'Charles Babbage'],
      'ai:places': ['London'],
      'ai:organizations': ['Royal Society'],
      'ai:products': ['Analytical Engine'],
      'ai:events': ['Great Exhibition'],
      'ai:dates': ['1843'],
      'ai:quantities': ['two volumes'],
      'ai:creativeWorks': ['Sketch of the Analytical Engine'],
      'ai:things': ['Bernoulli numbers', 'an unknown type'],
    });
    expect(Object.keys(ais)).toEqual([
      'ai:people', 'ai:places', 'ai:organizations', 'ai:products', 'ai:events', 'ai:dates', 'ai:quantities', 'ai:creativeWorks', 'ai:things',
    ]);
  });

  test('nothing found still gives every aspect, empty', () => {
    expect(Object.values(aisFromEntities([]))).toEqual(Array(9).fill([]));
  });

  test('Rekognition labels and Textract lines', () => {
    expect(aisFromLabels([{ name: 'Car' }, { name: 'Vehicle' }, { name: 'Car' }])).toEqual({ 'ai:labels': ['Car', 'Vehicle'] });
    expect(aisFromTextLines(['INVOICE', ' ', 'Total 10', 'INVOICE'])).toEqual({ 'ai:textLines': ['INVOICE', 'Total 10'] });
  });
});
