// Open message subscriptions of element instances, indexed by message name and correlation key, and by the
// element instance that holds them.
import type { Key } from '../api';
import type { SubscriptionRow } from '../rows';
import type { Store } from '../store';
import { Index } from './index';

const address = (tenantId: string, name: string, correlationKey: string) => `${tenantId}\u0000${name}\u0000${correlationKey}`;

export class MessageSubscriptions {
  private readonly byAddress = new Index<string, Key>();
  private readonly byElement = new Index<Key, Key>();

  constructor(private readonly store: Store) {
    for (const row of store.rows<SubscriptionRow>('subscriptions')) this.index(row);
  }

  open(row: SubscriptionRow): void {
    this.store.put('subscriptions', row.subscriptionKey, row);
    this.index(row);
  }

  close(row: SubscriptionRow): void {
    this.store.remove('subscriptions', row.subscriptionKey);
    this.byAddress.delete(address(row.tenantId, row.messageName, row.correlationKey), row.subscriptionKey);
    this.byElement.delete(row.elementInstanceKey, row.subscriptionKey);
  }

  /** Closes the element instance's subscriptions (only those of `eventIds` when given). */
  closeFor(elementInstanceKey: Key, eventIds?: Set<string>): void {
    for (const key of this.byElement.get(elementInstanceKey)) {
      const row = this.store.get<SubscriptionRow>('subscriptions', key)!;
      if (!eventIds || eventIds.has(row.elementId)) this.close(row);
    }
  }

  /** The subscriptions a message with this name and correlation key reaches, oldest first. */
  matching(tenantId: string, name: string, correlationKey: string): SubscriptionRow[] {
    return this.byAddress.get(address(tenantId, name, correlationKey)).map((k) => this.store.get<SubscriptionRow>('subscriptions', k)!);
  }

  private index(row: SubscriptionRow): void {
    this.byAddress.add(address(row.tenantId, row.messageName, row.correlationKey), row.subscriptionKey);
    this.byElement.add(row.elementInstanceKey, row.subscriptionKey);
  }
}
