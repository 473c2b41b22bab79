// engine/README.md's lists of the BPMN elements the engine runs and refuses match the code: each element
// listed as running deploys, each listed as refused is refused with its element named, and the lists name
// every element kind of the engine's processor table (engine/src/runtime/processors.ts).
import fs from 'node:fs';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { definitions, end, error, flow, message, start } from './bpmn';
import { engineClient, startEngineProcess, type EngineProcess } from './engine-process';

const README = fs.readFileSync(path.resolve(__dirname, '../../engine/README.md'), 'utf8');
const listed = (which: 'runs' | 'refused') => new RegExp(`<!-- ${which}: ([^>]*) -->`).exec(README)![1].split(',').map((s) => s.trim());

const DEFINITION: Record<string, string> = {
  message: '<bpmn:messageEventDefinition messageRef="m"/>',
  timer: '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>',
  error: '<bpmn:errorEventDefinition errorRef="e"/>',
  terminate: '<bpmn:terminateEventDefinition/>',
  signal: '<bpmn:signalEventDefinition/>',
  escalation: '<bpmn:escalationEventDefinition/>',
  compensate: '<bpmn:compensateEventDefinition/>',
  conditional: '<bpmn:conditionalEventDefinition><bpmn:condition>=true</bpmn:condition></bpmn:conditionalEventDefinition>',
  link: '<bpmn:linkEventDefinition name="l"/>',
};
const JOB = '<bpmn:extensionElements><zeebe:taskDefinition type="t"/></bpmn:extensionElements>';
const TIMER_CYCLE = '<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>';
const inFlow = (element: string) => [start(), element, end(), flow('f1', 'start', 'x'), flow('f2', 'x', 'end')];

/** A model with the element as `x` (in the flow, or as the start, end or boundary it is). */
function model(key: string): string[] {
  const [element, trigger] = key.split(':');
  const definition = trigger ? (element === 'startEvent' && trigger === 'timer' ? TIMER_CYCLE : DEFINITION[trigger]) : '';
  const needsJob = (element === 'endEvent' || element === 'intermediateThrowEvent') && trigger === 'message';
  switch (element) {
    case 'startEvent':
      return [`<bpmn:startEvent id="x">${definition}</bpmn:startEvent>`, end(), flow('f1', 'x', 'end')];
    case 'endEvent':
      return [start(), `<bpmn:endEvent id="x">${needsJob ? JOB : ''}${definition}</bpmn:endEvent>`, flow('f1', 'start', 'x')];
    case 'boundaryEvent':
      return [...inFlow(`<bpmn:task id="x"/>`), `<bpmn:boundaryEvent id="b" attachedToRef="x">${definition}</bpmn:boundaryEvent>`, end('e2'), flow('f3', 'b', 'e2')];
    case 'intermediateCatchEvent':
    case 'intermediateThrowEvent':
      return inFlow(`<bpmn:${element} id="x">${needsJob ? JOB : ''}${definition}</bpmn:${element}>`);
    case 'eventSubProcess':
      return [...inFlow('<bpmn:task id="x"/>'), `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es">${definition}</bpmn:startEvent><bpmn:endEvent id="ee"/><bpmn:sequenceFlow id="h1" sourceRef="es" targetRef="ee"/></bpmn:subProcess>`];
    case 'serviceTask':
    case 'sendTask':
    case 'businessRuleTask':
    case 'scriptTask':
      return inFlow(`<bpmn:${element} id="x">${JOB}</bpmn:${element}>`);
    case 'receiveTask':
      return inFlow('<bpmn:receiveTask id="x" messageRef="m"/>');
    case 'subProcess':
    case 'transaction':
    case 'adHocSubProcess':
      return inFlow(`<bpmn:${element} id="x"><bpmn:startEvent id="s2"/><bpmn:endEvent id="e2"/><bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="e2"/></bpmn:${element}>`);
    case 'multiInstance':
      return inFlow(`<bpmn:serviceTask id="x">${JOB}<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1]"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`);
    case 'standardLoop':
      return inFlow(`<bpmn:serviceTask id="x">${JOB}<bpmn:standardLoopCharacteristics/></bpmn:serviceTask>`);
    case 'eventBasedGateway':
      return [
        start(),
        '<bpmn:eventBasedGateway id="x"/>',
        `<bpmn:intermediateCatchEvent id="c1">${DEFINITION.message}</bpmn:intermediateCatchEvent>`,
        `<bpmn:intermediateCatchEvent id="c2">${DEFINITION.timer}</bpmn:intermediateCatchEvent>`,
        end(),
        flow('f1', 'start', 'x'),
        flow('f2', 'x', 'c1'),
        flow('f3', 'x', 'c2'),
        flow('f4', 'c1', 'end'),
        flow('f5', 'c2', 'end'),
      ];
    case 'executionListeners':
      return inFlow('<bpmn:task id="x"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="l"/></zeebe:executionListeners></bpmn:extensionElements></bpmn:task>');
    default:
      return inFlow(`<bpmn:${element} id="x"/>`);
  }
}

let engine: EngineProcess;
let c8: Camunda8;
let counter = 0;

beforeAll(async () => {
  engine = await startEngineProcess();
  c8 = engineClient(engine);
});

afterAll(async () => {
  await c8.getZeebeGrpcApiClient().close();
  await engine?.stop();
});

const deploy = (key: string) => {
  const id = `readme-${++counter}`;
  const xml = definitions(id, error('e', 'E'), message('m', `msg-${id}`, '=k'), ...model(key));
  return c8.getZeebeGrpcApiClient().deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
};

test.each(listed('runs'))('README says the engine runs %s: it deploys', async (key) => {
  await expect(deploy(key)).resolves.toBeDefined();
});

test.each(listed('refused'))('README says the engine refuses %s: deploying it is refused with the element named', async (key) => {
  await expect(deploy(key)).rejects.toThrow(/element '(x|b|es)'/);
});

test('the lists cover every element kind of the processor table', () => {
  const kinds = [...fs.readFileSync(path.resolve(__dirname, '../../engine/src/runtime/processors.ts'), 'utf8').matchAll(/^ {2}(\w+)[,:]/gm)].map((m) => m[1]);
  const runs = listed('runs').join(' ');
  const covered: Record<string, boolean> = {
    startEvent: runs.includes('startEvent'),
    endEvent: runs.includes('endEvent'),
    errorEndEvent: runs.includes('endEvent:error'),
    terminateEndEvent: runs.includes('endEvent:terminate'),
    jobTask: runs.includes('serviceTask'),
    passThrough: runs.includes('manualTask'),
    exclusiveGateway: runs.includes('exclusiveGateway'),
    parallelGateway: runs.includes('parallelGateway'),
    inclusiveGateway: runs.includes('inclusiveGateway'),
    eventBasedGateway: runs.includes('eventBasedGateway'),
    boundaryEvent: runs.includes('boundaryEvent'),
    catchEvent: runs.includes('intermediateCatchEvent'),
    receiveTask: runs.includes('receiveTask'),
    subProcess: runs.includes('subProcess'),
    eventSubProcess: runs.includes('eventSubProcess'),
    multiInstanceBody: runs.includes('multiInstance'),
  };
  expect(kinds.sort()).toEqual(Object.keys(covered).sort());
  expect(Object.entries(covered).filter(([, yes]) => !yes)).toEqual([]);
});
