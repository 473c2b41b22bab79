import { Type } from '@sinclair/typebox';
import { answer, field, nullable } from '../result-types';

/** What `aws:lambda:1` answers (its one action, invoke). */
export const LambdaResults = {
  invoke: answer({
    lambdaPayload: field(Type.Unknown(), 'The function\'s answer, parsed when it is JSON, else the text; null for Event and DryRun'),
    lambdaStatus: field(nullable(Type.Integer()), '200 (RequestResponse), 202 (Event) or 204 (DryRun)'),
    lambdaLog: field(nullable(Type.String()), 'The decoded tail of the execution log (RequestResponse with logTail), else null'),
    lambdaError: field(nullable(Type.Object({
      type: Type.String(), message: Type.String(), functionError: Type.String(), stackTrace: Type.Optional(Type.Unknown()),
    }, { additionalProperties: false })), 'When the function failed: {type, message, functionError (Unhandled or Handled), stackTrace}; else null'),
    executedVersion: field(nullable(Type.String()), 'The version that ran ($LATEST, 1, ...)'),
  }),
};

/** What `io.camunda:aws-lambda:1` answers. */
export const CamundaLambdaResults = {
  invoke: answer({
    statusCode: field(nullable(Type.Integer()), 'The invocation\'s status, 200'),
    executedVersion: field(nullable(Type.String()), 'The version that ran'),
    payload: field(Type.Unknown(), 'The function\'s answer (parsed JSON, else text); a function error\'s {errorType, errorMessage, ...} too'),
  }),
};
