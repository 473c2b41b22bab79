// Elements that only pass the token on: none start and end events, undefined and manual tasks, none
// intermediate throw events, parallel gateways (their join is the loop's), and the boundary events and event
// sub-process start events once triggered.
import type { ElementProcessor } from '../context';

export const passThrough: ElementProcessor = {
  activate: (_rt, element) => [{ op: 'complete', element }],
};
