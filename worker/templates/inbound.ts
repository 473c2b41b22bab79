import { INBOUND_TYPES, type InboundKind } from '../inbound/inbound-types';
import { TEMPLATE_SCHEMA_URL, type Condition } from './generate';

/**
 * Element templates of the inbound connectors: per connector one file holding a template for each element that
 * can receive its events (message start event, intermediate catch event, boundary event, receive task). The
 * properties are zeebe:properties with Camunda's binding names, so the worker reads them as it reads elements
 * built with Camunda's own inbound templates. Pure: scripts/generate-templates.ts writes the files.
 */

type InboundBinding =
  | { type: 'zeebe:property'; name: string }
  | { type: 'bpmn:Message#property'; name: 'name' }
  | { type: 'bpmn:Message#zeebe:subscription#property'; name: 'correlationKey' };

export interface InboundTemplateProperty {
  id: string;
  label?: string;
  description?: string;
  group?: string;
  type: 'String' | 'Text' | 'Hidden' | 'Dropdown' | 'Boolean';
  value?: string | boolean;
  generatedValue?: { type: 'uuid' };
  optional?: boolean;
  feel?: 'optional' | 'required' | 'static';
  binding: InboundBinding;
  constraints?: { notEmpty?: boolean; pattern?: { value: string; message: string } };
  condition?: Condition;
  choices?: { name: string; value: string }[];
}

export interface InboundTemplate {
  $schema: string;
  name: string;
  id: string;
  description: string;
  version: number;
  keywords: string[];
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string; eventDefinition?: string };
  engines: { camunda: string };
  groups: { id: string; label: string }[];
  properties: InboundTemplateProperty[];
}

type ElementKind = 'start' | 'intermediate' | 'boundary' | 'receive';

const ELEMENTS: Record<ElementKind, { label: string; appliesTo: string[]; elementType: InboundTemplate['elementType'] }> = {
  start: { label: 'message start event', appliesTo: ['bpmn:StartEvent'], elementType: { value: 'bpmn:StartEvent', eventDefinition: 'bpmn:MessageEventDefinition' } },
  intermediate: { label: 'intermediate catch event', appliesTo: ['bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent'], elementType: { value: 'bpmn:IntermediateCatchEvent', eventDefinition: 'bpmn:MessageEventDefinition' } },
  boundary: { label: 'boundary event', appliesTo: ['bpmn:BoundaryEvent'], elementType: { value: 'bpmn:BoundaryEvent', eventDefinition: 'bpmn:MessageEventDefinition' } },
  receive: { label: 'receive task', appliesTo: ['bpmn:ReceiveTask'], elementType: { value: 'bpmn:ReceiveTask' } },
};

const VERSION = 1;
/** Discovery reads deployed models through the REST API of Camunda 8.8+. */
const ENGINES = { camunda: '^8.8' };

const property = (name: string) => ({ type: 'zeebe:property', name }) as const;

interface ConnectorSpec {
  title: string;
  description: string;
  keywords: string[];
  /** The event as the expressions see it, for the descriptions. */
  eventHint: string;
  defaultMessageId: string;
  groups: { id: string; label: string }[];
  properties: InboundTemplateProperty[];
}

const AWS_AUTH: InboundTemplateProperty[] = [
  {
    id: 'authentication.type', label: 'Credentials', group: 'authentication', type: 'Dropdown', value: 'worker', binding: property('authentication.type'),
    description: 'Where the AWS credentials come from. Default: the worker\'s (its AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else its default chain if the operator allows it).',
    choices: [
      { name: 'Worker\'s credentials (environment, instance role)', value: 'worker' },
      { name: 'Access key and secret key given here', value: 'credentials' },
      { name: 'Assume an IAM role', value: 'assumeRole' },
    ],
  },
  { id: 'authentication.accessKey', label: 'Access key', group: 'authentication', type: 'String', binding: property('authentication.accessKey'), description: 'The access key ID; use a secret, e.g. {{secrets.AWS_ACCESS_KEY}}.', constraints: { notEmpty: true }, condition: { property: 'authentication.type', equals: 'credentials' } },
  { id: 'authentication.secretKey', label: 'Secret key', group: 'authentication', type: 'String', binding: property('authentication.secretKey'), description: 'The secret access key; use a secret, e.g. {{secrets.AWS_SECRET_KEY}}.', constraints: { notEmpty: true }, condition: { property: 'authentication.type', equals: 'credentials' } },
  { id: 'authentication.roleArn', label: 'Role ARN', group: 'authentication', type: 'String', binding: property('authentication.roleArn'), description: 'The IAM role to assume with the worker\'s credentials, e.g. arn:aws:iam::123456789012:role/QueueReader.', constraints: { notEmpty: true }, condition: { property: 'authentication.type', equals: 'assumeRole' } },
  { id: 'configuration.region', label: 'Region', group: 'configuration', type: 'String', optional: true, binding: property('configuration.region'), description: 'The AWS region, e.g. eu-west-1. Default: the worker\'s AWS_REGION.' },
  { id: 'configuration.endpoint', label: 'Endpoint', group: 'configuration', type: 'String', optional: true, binding: property('configuration.endpoint'), description: 'A custom endpoint URL (an emulator, a VPC endpoint); the operator must allow it. Default: AWS\'s public endpoint for the region.' },
];

const SPECS: Record<InboundKind, ConnectorSpec> = {
  sqs: {
    title: 'Amazon SQS',
    description: 'Long-polls an SQS queue; each message starts or continues a process (deleted once the engine took it)',
    keywords: ['sqs', 'queue', 'message', 'inbound'],
    eventHint: 'the message: body (parsed JSON or text), messageId, attributes, messageAttributes',
    defaultMessageId: 'the SQS message id',
    groups: [{ id: 'authentication', label: 'Authentication' }, { id: 'configuration', label: 'Configuration' }, { id: 'queue', label: 'Queue' }],
    properties: [
      ...AWS_AUTH,
      { id: 'queue.url', label: 'Queue URL', group: 'queue', type: 'String', binding: property('queue.url'), description: 'The URL of the queue, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/orders.', constraints: { notEmpty: true } },
      { id: 'queue.pollingWaitTime', label: 'Polling wait time', group: 'queue', type: 'String', value: '20', binding: property('queue.pollingWaitTime'), description: 'Seconds a receive waits for messages (long polling), 0 to 20 (0 waits 1). Default: 20.', constraints: { notEmpty: true, pattern: { value: '^([0-9]|1[0-9]|20)$', message: 'A whole number of seconds from 0 to 20.' } } },
      { id: 'queue.attributeNames', label: 'System attribute names', group: 'queue', type: 'String', optional: true, feel: 'optional', binding: property('queue.attributeNames'), description: 'The system attributes to receive, e.g. ["SentTimestamp", "MessageGroupId"]. Default: all.' },
      { id: 'queue.messageAttributeNames', label: 'Message attribute names', group: 'queue', type: 'String', optional: true, feel: 'optional', binding: property('queue.messageAttributeNames'), description: 'The message attributes to receive, e.g. ["tenant"]. Default: all.' },
    ],
  },
  sns: {
    title: 'Amazon SNS',
    description: 'An HTTPS subscription of SNS topics; each signed notification starts or continues a process',
    keywords: ['sns', 'topic', 'notification', 'webhook', 'inbound'],
    eventHint: 'request.body (the SNS message: Message, Subject, MessageId, TopicArn, MessageAttributes), request.headers',
    defaultMessageId: 'the SNS MessageId',
    groups: [{ id: 'subscription', label: 'Subscription' }],
    properties: [
      { id: 'inbound.context', label: 'Subscription ID', group: 'subscription', type: 'String', generatedValue: { type: 'uuid' }, binding: property('inbound.context'), description: 'The path of the endpoint to subscribe: https://<worker>/inbound/<subscription ID>. Letters and digits, single - or _ between them.', constraints: { notEmpty: true, pattern: { value: '^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$', message: 'Letters and digits, single - or _ between them.' } } },
      { id: 'inbound.securitySubscriptionAllowedFor', type: 'Hidden', value: 'specific', binding: property('inbound.securitySubscriptionAllowedFor') },
      { id: 'inbound.topicsAllowList', label: 'Topic ARNs', group: 'subscription', type: 'String', binding: property('inbound.topicsAllowList'), description: 'The topics whose messages are taken, comma-separated, e.g. arn:aws:sns:eu-west-1:123456789012:orders. Messages of other topics are refused.', constraints: { notEmpty: true } },
    ],
  },
  eventbridge: {
    title: 'Amazon EventBridge',
    description: 'The endpoint of an EventBridge API destination; each event starts or continues a process',
    keywords: ['eventbridge', 'event', 'api destination', 'webhook', 'inbound'],
    eventHint: 'request.body (the event: id, source, detail-type, detail), request.headers',
    defaultMessageId: 'the event id',
    groups: [{ id: 'endpoint', label: 'Endpoint' }, { id: 'authorization', label: 'Authorization' }],
    properties: [
      { id: 'inbound.context', label: 'Webhook ID', group: 'endpoint', type: 'String', generatedValue: { type: 'uuid' }, binding: property('inbound.context'), description: 'The path of the API destination\'s endpoint: https://<worker>/inbound/<webhook ID>. Letters and digits, single - or _ between them.', constraints: { notEmpty: true, pattern: { value: '^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$', message: 'Letters and digits, single - or _ between them.' } } },
      { id: 'inbound.method', type: 'Hidden', value: 'post', binding: property('inbound.method') },
      {
        id: 'inbound.auth.type', label: 'Connection type', group: 'authorization', type: 'Dropdown', value: 'APIKEY', binding: property('inbound.auth.type'),
        description: 'How the API destination\'s connection proves itself: an API key header or basic authentication, as the connection is set up in EventBridge.',
        choices: [{ name: 'API key', value: 'APIKEY' }, { name: 'Basic', value: 'BASIC' }],
      },
      { id: 'inbound.auth.apiKey', label: 'API key', group: 'authorization', type: 'String', binding: property('inbound.auth.apiKey'), description: 'The connection\'s API key value; use a secret, e.g. {{secrets.EVENTBRIDGE_API_KEY}}.', constraints: { notEmpty: true }, condition: { property: 'inbound.auth.type', equals: 'APIKEY' } },
      { id: 'inbound.auth.apiKeyLocator', label: 'API key header', group: 'authorization', type: 'String', value: '=get value(request.headers, "x-api-key")', feel: 'required', binding: property('inbound.auth.apiKeyLocator'), description: 'Where the key is in the request (header names are lower-case), e.g. get value(request.headers, "x-api-key") for the connection\'s header x-api-key.', constraints: { notEmpty: true }, condition: { property: 'inbound.auth.type', equals: 'APIKEY' } },
      { id: 'inbound.auth.username', label: 'Username', group: 'authorization', type: 'String', binding: property('inbound.auth.username'), description: 'The connection\'s basic username.', constraints: { notEmpty: true }, condition: { property: 'inbound.auth.type', equals: 'BASIC' } },
      { id: 'inbound.auth.password', label: 'Password', group: 'authorization', type: 'String', binding: property('inbound.auth.password'), description: 'The connection\'s basic password; use a secret, e.g. {{secrets.EVENTBRIDGE_PASSWORD}}.', constraints: { notEmpty: true }, condition: { property: 'inbound.auth.type', equals: 'BASIC' } },
    ],
  },
};

const TRAILING_GROUPS = [
  { id: 'activation', label: 'Activation' },
  { id: 'correlation', label: 'Correlation' },
  { id: 'output', label: 'Output mapping' },
];

function trailingProperties(spec: ConnectorSpec, element: ElementKind): InboundTemplateProperty[] {
  const start = element === 'start';
  return [
    { id: 'activationCondition', label: 'Activation condition', group: 'activation', type: 'String', optional: true, feel: 'required', binding: property('activationCondition'), description: `A FEEL condition over ${spec.eventHint}; only events for which it is true are taken. Default: every event.` },
    { id: 'consumeUnmatchedEvents', label: 'Consume unmatched events', group: 'activation', type: 'Boolean', value: true, binding: property('consumeUnmatchedEvents'), description: 'Drop events the condition does not take (SQS: delete them). Off: an SQS message stays in the queue for its redrive policy, a webhook answers 422.' },
    ...(start ? [] : [{ id: 'correlationKeyProcess', label: 'Correlation key (process)', group: 'correlation', type: 'String', feel: 'required', binding: { type: 'bpmn:Message#zeebe:subscription#property', name: 'correlationKey' }, description: 'A FEEL expression over the waiting instance\'s variables, e.g. orderId.', constraints: { notEmpty: true } } as InboundTemplateProperty]),
    { id: 'correlationKeyPayload', label: 'Correlation key (payload)', group: 'correlation', type: 'String', feel: 'required', binding: property('correlationKeyExpression'), ...(start ? { optional: true } : { constraints: { notEmpty: true } }), description: start ? 'A FEEL expression over the event giving the instance\'s correlation key (one active instance per key). Default: none.' : 'A FEEL expression over the event giving the key of the instance to continue, e.g. body.orderId.' },
    { id: 'messageIdExpression', label: 'Message ID expression', group: 'correlation', type: 'String', optional: true, feel: 'required', binding: property('messageIdExpression'), description: `A FEEL expression over the event giving the message id; a second event with the same id within the time to live is dropped. Default: ${spec.defaultMessageId}.` },
    { id: 'messageTtl', label: 'Message time to live', group: 'correlation', type: 'String', optional: true, binding: property('messageTtl'), description: 'How long the engine keeps the message for an instance that is not waiting yet, an ISO-8601 duration. Default: PT1H.', constraints: { notEmpty: false, pattern: { value: '^(P.*|)$', message: 'An ISO-8601 duration such as PT1H.' } } },
    { id: 'messageNameUuid', type: 'Hidden', generatedValue: { type: 'uuid' }, binding: { type: 'bpmn:Message#property', name: 'name' } },
    { id: 'deduplicationMode', type: 'Hidden', value: 'AUTO', binding: property('deduplicationMode') },
    { id: 'resultVariable', label: 'Result variable', group: 'output', type: 'String', optional: true, binding: property('resultVariable'), description: 'The process variable that receives the whole event. Default: none.' },
    { id: 'resultExpression', label: 'Result expression', group: 'output', type: 'Text', optional: true, feel: 'required', binding: property('resultExpression'), description: 'A FEEL expression over the event that gives a context of process variables. Default: none (without a result variable the instance gets no variables).' },
  ];
}

export function inboundTemplateFileName(kind: InboundKind): string {
  return `aws-${kind}-inbound.json`;
}

export function generateInboundTemplates(kind: InboundKind): InboundTemplate[] {
  const spec = SPECS[kind];
  return (Object.keys(ELEMENTS) as ElementKind[]).map((element) => ({
    $schema: TEMPLATE_SCHEMA_URL,
    name: `${spec.title} inbound, ${ELEMENTS[element].label} (zeebe-aws-connectors)`,
    id: `io.github.zeebe-aws-connectors.${kind}-inbound.${element}.v1`,
    description: spec.description,
    version: VERSION,
    keywords: spec.keywords,
    category: { id: 'connectors', name: 'Connectors' },
    appliesTo: ELEMENTS[element].appliesTo,
    elementType: ELEMENTS[element].elementType,
    engines: ENGINES,
    groups: [...spec.groups, ...TRAILING_GROUPS],
    properties: [
      { id: 'inbound.type', type: 'Hidden', value: INBOUND_TYPES[kind].own, binding: property('inbound.type') },
      ...spec.properties,
      ...trailingProperties(spec, element),
    ],
  }));
}

export const INBOUND_KINDS: InboundKind[] = ['sqs', 'sns', 'eventbridge'];
