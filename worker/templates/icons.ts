/**
 * One icon per connector for the element templates (`icon.contents`), so that tasks are recognisable on the
 * canvas and in the template chooser. Drawn for this project: a rounded tile in the colour of the service's
 * AWS category with a simple glyph, 18x18 as bpmn-js draws task icons.
 */
const tile = (colour: string, glyph: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">` +
  `<rect width="18" height="18" rx="3" fill="${colour}"/>` +
  `<g fill="none" stroke="#fff" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">${glyph}</g></svg>`;

const STORAGE = '#3f8624';
const COMPUTE = '#ed7100';
const MACHINE_LEARNING = '#01a88d';
const DATABASE = '#c925d1';
const APPLICATION_INTEGRATION = '#e7157b';

const SVG: Record<string, string> = {
  // a bucket: an ellipse rim over a tapering body
  s3: tile(STORAGE, '<ellipse cx="9" cy="5" rx="5" ry="1.8"/><path d="M4 5l1.3 8.2c.2 1.1 1.8 1.8 3.7 1.8s3.5-.7 3.7-1.8L14 5"/>'),
  // a lambda
  lambda: tile(COMPUTE, '<path d="M5 4h2.5l5.5 10h-1.5M9.2 8.6L5.5 14"/>'),
  // a page with lines of text and a scan bracket
  textract: tile(MACHINE_LEARNING, '<path d="M5 3h5.5L13 5.5V15H5z"/><path d="M7 8h4M7 10.5h4M7 13h2.5"/>'),
  // a speech bubble with text
  comprehend: tile(MACHINE_LEARNING, '<path d="M3.5 4.5h11v7h-6l-3 2.5v-2.5h-2z"/><path d="M6 7h6M6 9.2h4"/>'),
  // an eye
  // a database cylinder: a top rim, two sides and a middle band
  dynamodb: tile(DATABASE, '<ellipse cx="9" cy="4.8" rx="4.8" ry="1.8"/><path d="M4.2 4.8v8.4c0 1 2.1 1.8 4.8 1.8s4.8-.8 4.8-1.8V4.8M4.2 9c0 1 2.1 1.8 4.8 1.8s4.8-.8 4.8-1.8"/>'),
  // a queue: messages in a row
  sqs: tile(APPLICATION_INTEGRATION, '<path d="M3 6h12v6H3z"/><path d="M6.5 6v6M10 6v6"/><path d="M13 9h3.5"/>'),
  // a sender and its broadcast
  sns: tile(APPLICATION_INTEGRATION, '<circle cx="5.5" cy="9" r="1.6"/><path d="M9 6a4.5 4.5 0 0 1 0 6M11.5 3.8a7.5 7.5 0 0 1 0 10.4"/>'),
  // a bridge carrying events
  eventbridge: tile(APPLICATION_INTEGRATION, '<path d="M2.5 12.5h13M3.5 12.5C5 8 13 8 14.5 12.5"/><path d="M6.5 12.5V9.8M9 12.5V8.9M11.5 12.5V9.8"/>'),
  rekognition: tile(MACHINE_LEARNING, '<path d="M2.5 9s2.5-4.5 6.5-4.5S15.5 9 15.5 9s-2.5 4.5-6.5 4.5S2.5 9 2.5 9z"/><circle cx="9" cy="9" r="2"/>'),
  // a four-pointed spark (a generated answer) with a small one beside it
  bedrock: tile(MACHINE_LEARNING, '<path d="M8 3.5l1.3 3.7L13 8.5l-3.7 1.3L8 13.5l-1.3-3.7L3 8.5l3.7-1.3z"/><path d="M13.5 11.5v3M12 13h3"/>'),
  // a small network: inputs joined to one output node (a model served behind an endpoint)
  sagemaker: tile(MACHINE_LEARNING, '<circle cx="4.5" cy="5" r="1.3"/><circle cx="4.5" cy="13" r="1.3"/><circle cx="13.5" cy="9" r="1.6"/><path d="M5.8 5.6l6.2 2.8M5.8 12.4l6.2-2.8"/>'),
};

/** The connector's icon as an SVG data URI, or undefined for a connector without one. */
export function iconOf(connectorName: string): string | undefined {
  const svg = SVG[connectorName];
  return svg === undefined ? undefined : `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
