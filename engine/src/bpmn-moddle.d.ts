// bpmn-moddle ships its types under an `exports` path that classic module resolution does not follow.
declare module 'bpmn-moddle';
