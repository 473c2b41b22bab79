import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { deduplicationKey } from './element-properties';
import { inboundElementsOf, type DefinitionRef, type InboundElement } from './inbound-elements';
import { inboundKindOf, type InboundKind } from './inbound-types';

/** Where deployed process definitions are read (the cluster's REST API, definition-source.ts). */
export interface DefinitionSource {
  /** The latest version of every deployed process. */
  latestDefinitions(): Promise<DefinitionRef[]>;
  xml(processDefinitionKey: string): Promise<string>;
}

/** A running consumer for a group of elements (an SQS poller, a registered webhook). */
export interface ActiveSubscription {
  stop(): Promise<void>;
}

/** Starts the consumer of one group of elements that share a connector configuration. */
export type Activator = (kind: InboundKind, elements: InboundElement[]) => Promise<ActiveSubscription>;

interface Current {
  fingerprint: string;
  subscription?: ActiveSubscription;
  /** The last activation error, logged once until it changes. */
  failure?: string;
}

const MODEL_READS_AT_ONCE = 4;
const OPENS_AT_ONCE = 8;

/**
 * Finds the inbound elements of the latest version of every deployed process and keeps one subscription per
 * element group (see deduplicationKey) open: a new version replaces its predecessor's, a deleted process
 * closes its own. Runs every `intervalMs`; an unreadable cluster keeps the subscriptions as they are.
 */
export class InboundDiscovery {
  private readonly current = new Map<string, Current>();
  /** The inbound elements of each latest definition (a deployed definition never changes), by key. */
  private readonly models = new Map<string, InboundElement[]>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly source: DefinitionSource, private readonly activate: Activator, private readonly log: Logger, private readonly intervalMs: number) {}

  start(): void {
    const tick = () => {
      void this.poll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    tick();
  }

  /** One round: read the definitions, then open, replace and close subscriptions. Errors are logged, never thrown. */
  async poll(): Promise<void> {
    let definitions: DefinitionRef[];
    try {
      definitions = await this.source.latestDefinitions();
    } catch (error) {
      this.log.warn({ err: error }, 'inbound discovery: the process definitions could not be read; subscriptions stay as they are');
      return;
    }
    // Models are read once per definition (a few at a time: a cluster may hold thousands at the first round).
    const limit = pLimit(MODEL_READS_AT_ONCE);
    const found = await Promise.all(definitions.map((d) => limit(() => (this.stopped ? undefined : this.elementsOf(d)))));
    // An unreadable model: try again next round rather than close its subscriptions.
    if (found.some((f) => f === undefined)) return;
    const elements = found.flatMap((f) => f!);
    const current = new Set(definitions.map((d) => d.processDefinitionKey));
    for (const key of this.models.keys()) if (!current.has(key)) this.models.delete(key);
    const wanted = new Map<string, { kind: InboundKind; elements: InboundElement[] }>();
    for (const element of elements) {
      const kind = inboundKindOf(element.properties)!;
      const key = `${kind}|${deduplicationKey(element)}`;
      const group = wanted.get(key) ?? { kind, elements: [] };
      group.elements.push(element);
      wanted.set(key, group);
    }
    for (const [key, current] of this.current) {
      if (!wanted.has(key) || wanted.get(key)!.elements.length === 0) await this.close(key, current, 'its process version was replaced or deleted');
    }
    // Groups open side by side, so that one slow queue does not hold up the others.
    const opening = pLimit(OPENS_AT_ONCE);
    await Promise.all([...wanted].map(([key, group]) => opening(async () => {
      if (this.stopped) return;
      const fingerprint = JSON.stringify(group.elements);
      const current = this.current.get(key);
      if (current?.fingerprint === fingerprint && current.subscription) return;
      if (current?.subscription) await this.close(key, current, 'its elements changed');
      await this.open(key, group.kind, group.elements, fingerprint, current?.fingerprint === fingerprint ? current.failure : undefined);
    })));
  }

  private async elementsOf(definition: DefinitionRef): Promise<InboundElement[] | undefined> {
    const cached = this.models.get(definition.processDefinitionKey);
    if (cached) return cached;
    let xml: string;
    try {
      xml = await this.source.xml(definition.processDefinitionKey);
    } catch (error) {
      this.log.warn({ err: error, processDefinitionKey: definition.processDefinitionKey }, 'inbound discovery: a process model could not be read');
      return undefined;
    }
    let found: InboundElement[] = [];
    try {
      const { elements, skipped } = inboundElementsOf(xml, definition);
      found = elements.filter((e) => inboundKindOf(e.properties) !== undefined);
      for (const s of skipped) this.log.warn({ bpmnProcessId: definition.bpmnProcessId, version: definition.version, elementId: s.elementId }, `inbound element not served: ${s.reason}`);
    } catch (error) {
      this.log.warn({ err: error, processDefinitionKey: definition.processDefinitionKey }, 'inbound discovery: a process model could not be parsed');
    }
    this.models.set(definition.processDefinitionKey, found);
    return found;
  }

  private async open(key: string, kind: InboundKind, elements: InboundElement[], fingerprint: string, lastFailure: string | undefined): Promise<void> {
    const where = { kind, bpmnProcessId: elements[0].bpmnProcessId, version: elements[0].version, elementIds: elements.map((e) => e.elementId) };
    try {
      const subscription = await this.activate(kind, elements);
      if (this.stopped) {
        await subscription.stop();
        return;
      }
      this.current.set(key, { fingerprint, subscription });
      this.log.info(where, 'inbound subscription opened');
    } catch (error) {
      const failure = (error as Error).message;
      // Retried every round (the queue may appear, the secret may be set); logged again only when the reason changes.
      if (failure !== lastFailure) this.log.error({ ...where, err: error }, 'inbound subscription could not be opened; retried at each discovery round');
      this.current.set(key, { fingerprint, failure });
    }
  }

  private async close(key: string, current: Current, why: string): Promise<void> {
    this.current.delete(key);
    if (!current.subscription) return;
    try {
      await current.subscription.stop();
    } catch (error) {
      this.log.warn({ err: error }, 'inbound subscription did not stop cleanly');
    }
    this.log.info({ subscription: key.split('|').slice(0, 1).join('|'), why }, 'inbound subscription closed');
  }

  /** The number of open subscriptions (for tests and /metrics). */
  get openSubscriptions(): number {
    return [...this.current.values()].filter((c) => c.subscription).length;
  }

  /** Closes every subscription; a round still running opens nothing more (what it opens after this is closed at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const [key, current] of [...this.current]) await this.close(key, current, 'the worker stops');
  }
}
