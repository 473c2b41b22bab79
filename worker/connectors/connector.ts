import type { TSchema } from '@sinclair/typebox';
import type { TaskDefinition } from '../runtime/connector';
import type { ConnectorDeps } from './deps';

/** Identity of a connector's element template. */
export interface TemplateIdentity {
  id: string;
  name: string;
  version: number;
  description: string;
  documentationRef?: string;
  keywords?: string[];
  /** Property groups in panel order, with their labels. */
  groups: { id: string; label: string }[];
}

/**
 * A connector: its own task type, optionally a Camunda-compatible one, and what the template generator needs.
 * Adding a connector is adding a folder under connectors/ and one line in connectors/index.ts.
 */
export interface Connector {
  name: string;
  /** Our task type, e.g. aws:s3:1 (overridable with CONNECTOR_<NAME>_TYPE). */
  taskType: string;
  /** The official task type served when compatibility is switched on, e.g. io.camunda:aws-s3:1. */
  camundaTaskType?: string;
  template: TemplateIdentity;
  /** The discriminator input (e.g. `action.type`) and each choice's schema, or one schema for single-action connectors. */
  inputs: { discriminator?: { path: string; schema: TSchema }; schemas: Record<string, TSchema> };
  /** Each action's result as the task returns it (before resultVariable/resultExpression): our shape, and Camunda's on the compatible type. */
  results?: { own: Record<string, TSchema>; camunda?: Record<string, TSchema> };
  /** How jobs are read and answered: our own way, and Camunda's when the connector has a compatible type. */
  handlers(deps: ConnectorDeps): { own: TaskHandler; camunda?: TaskHandler };
}

/** A task definition without its type and family, which the worker's configuration decides. */
export type TaskHandler = Omit<TaskDefinition, 'taskType' | 'family'>;
