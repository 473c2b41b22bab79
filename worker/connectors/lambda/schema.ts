import { Type, type Static } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

/** INVOKE (seeds 000 and 004), with what users of the official connector ask for: invocation type, qualifier, log. */
export const LambdaInputSchema = Type.Object({
  ...AwsConnectionSchema,
  // Seeds 000/004 call it `function`, a FEEL reserved word that Zeebe refuses as an input target; that name is
  // still read from process variables (see readLambdaInput).
  functionName: shown(Type.String({ minLength: 1, maxLength: 256 }), {
    label: 'Function', group: 'invocation', feel: 'optional', description: 'The function\'s name, ARN or partial ARN, e.g. resize-image or resize-image:prod (an alias after a colon).',
  }),
  payload: Type.Optional(shown(Type.Unknown(), {
    label: 'Payload', group: 'invocation', feel: 'optional', editor: 'Text', placeholder: '={"orderId": orderId}',
    description: 'The event the function receives: a FEEL context (sent as JSON) or a string (JSON text is sent as it is). Default: none.',
  })),
  invocationType: Type.Optional(shown(Type.Union([Type.Literal('RequestResponse'), Type.Literal('Event'), Type.Literal('DryRun')], { default: 'RequestResponse' }), {
    label: 'Invocation type', group: 'invocation', description: 'Whether the task waits for the function\'s result. Default: wait.',
    choiceLabels: { RequestResponse: 'Wait for the result (RequestResponse)', Event: 'Asynchronous (Event)', DryRun: 'Check permissions only (DryRun)' },
  })),
  qualifier: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 128 }), { label: 'Qualifier', group: 'invocation', feel: 'optional', description: 'A version or alias to invoke, e.g. 3 or prod. Default: $LATEST.' })),
  logTail: Type.Optional(shown(Type.Boolean({ default: true }), { label: 'Return the log tail', group: 'invocation', feel: 'static', description: 'Adds the last 4 KB of the execution log to the result as lambdaLog. Default: on.',
    visibleWhen: { path: 'invocationType', oneOf: ['RequestResponse'] },
  })),
  // Seed 004 reports a function's error in lambdaError, so completing is the default; the BPMN error is a choice.
  onFunctionError: Type.Optional(shown(Type.Union([Type.Literal('complete'), Type.Literal('bpmnError')], { default: 'complete' }), {
    label: 'When the function fails', group: 'errors', description: 'What a function error (an exception in the function) does to the task. Default: the task completes with lambdaError set.',
    choiceLabels: { complete: 'Complete the task with lambdaError set (as Alfresco Process Automation\'s Lambda connector does)', bpmnError: 'Throw a BPMN error (code: the function\'s error type)' },
  })),
  functionErrorCode: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'BPMN error code', group: 'errors', feel: 'optional', description: 'The error code to throw. Default: the function\'s error type, e.g. Unhandled.',
    visibleWhen: { path: 'onFunctionError', oneOf: ['bpmnError'] },
  })),
});

export type LambdaInput = Static<typeof LambdaInputSchema>;
