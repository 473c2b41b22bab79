import { Type, type Static } from '@sinclair/typebox';
import { AwsConnectionSchema } from '../aws-input';
import { shown } from '../template-meta';

/** INVOKE (seeds 000 and 004), with what users of the official connector ask for: invocation type, qualifier, log. */
export const LambdaInputSchema = Type.Object({
  ...AwsConnectionSchema,
  // Seeds 000/004 call it `function`, a FEEL reserved word that Zeebe refuses as an input target; that name is
  // still read from process variables (see readLambdaInput).
  functionName: shown(Type.String({ minLength: 1, maxLength: 256 }), {
    label: 'Function', group: 'invocation', feel: 'optional', description: 'Name, ARN or partial ARN of the function (an alias may follow a colon)',
  }),
  payload: Type.Optional(shown(Type.Unknown(), {
    label: 'Payload', group: 'invocation', feel: 'optional', editor: 'Text', placeholder: '={"orderId": orderId}',
    description: 'A JSON object (FEEL context) or a string; JSON text is sent as it is',
  })),
  invocationType: Type.Optional(shown(Type.Union([Type.Literal('RequestResponse'), Type.Literal('Event'), Type.Literal('DryRun')], { default: 'RequestResponse' }), {
    label: 'Invocation type', group: 'invocation',
    choiceLabels: { RequestResponse: 'Wait for the result (RequestResponse)', Event: 'Asynchronous (Event)', DryRun: 'Check permissions only (DryRun)' },
  })),
  qualifier: Type.Optional(shown(Type.String({ minLength: 1, maxLength: 128 }), { label: 'Qualifier', group: 'invocation', feel: 'optional', description: 'A version or alias' })),
  logTail: Type.Optional(shown(Type.Boolean({ default: true }), { label: 'Return the log tail', group: 'invocation', feel: 'static', description: 'The last 4 KB of the execution log, as lambdaLog (RequestResponse only)' })),
  // Seed 004 reports a function's error in lambdaError, so completing is the default; the BPMN error is a choice.
  onFunctionError: Type.Optional(shown(Type.Union([Type.Literal('complete'), Type.Literal('bpmnError')], { default: 'complete' }), {
    label: 'When the function fails', group: 'errors',
    choiceLabels: { complete: 'Complete the task with lambdaError set (seed 004)', bpmnError: 'Throw a BPMN error (code: the function\'s error type)' },
  })),
  functionErrorCode: Type.Optional(shown(Type.String({ minLength: 1 }), {
    label: 'BPMN error code for function errors', group: 'errors', feel: 'optional', description: 'Instead of the function\'s error type',
  })),
});

export type LambdaInput = Static<typeof LambdaInputSchema>;
