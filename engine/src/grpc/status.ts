import * as grpc from '@grpc/grpc-js';
import { EngineError } from '../api';

/** An EngineError becomes the gRPC status of the same name; anything else is INTERNAL. */
export function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  if (error instanceof EngineError) return { code: grpc.status[error.code], details: error.message, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: grpc.status.INTERNAL, details: message, message };
}
