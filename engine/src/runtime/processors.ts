// The element processors, one per element kind: adding an element is adding its processor here.
import type { NodeKind } from '../model/model';
import type { ElementProcessor } from './context';
import { catchEvent } from './processors/catch-event';
import { errorEndEvent } from './processors/error-end-event';
import { eventBasedGateway } from './processors/event-based-gateway';
import { eventSubProcess } from './processors/event-sub-process';
import { exclusiveGateway } from './processors/exclusive-gateway';
import { inclusiveGateway } from './processors/inclusive-gateway';
import { jobTask } from './processors/job-task';
import { multiInstanceBody } from './processors/multi-instance-body';
import { passThrough } from './processors/pass-through';
import { subProcess } from './processors/sub-process';
import { terminateEndEvent } from './processors/terminate-end-event';

export const PROCESSORS: Record<NodeKind, ElementProcessor> = {
  startEvent: passThrough,
  endEvent: passThrough,
  errorEndEvent,
  terminateEndEvent,
  jobTask,
  passThrough,
  exclusiveGateway,
  parallelGateway: passThrough,
  inclusiveGateway,
  eventBasedGateway,
  boundaryEvent: passThrough,
  catchEvent,
  receiveTask: catchEvent,
  subProcess,
  eventSubProcess,
  multiInstanceBody,
};
