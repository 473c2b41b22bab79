// Job worker tasks (docs: Components > Modeler > BPMN > Service tasks; the same for send, business rule and
// script tasks and message throw events with a job): the element waits for its job.
import type { ElementProcessor } from '../context';

export const jobTask: ElementProcessor = {
  activate(rt, element, node, instance) {
    rt.jobs.create(element, instance, { jobType: node.jobType!, jobRetries: node.jobRetries!, headers: node.headers });
    rt.elements.put(element);
    return [];
  },
};
