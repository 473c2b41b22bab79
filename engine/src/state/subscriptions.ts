// Open message subscriptions of element instances, indexed by message name and correlation key, and by the
// element instance that holds them.
import type { Key } from '../api';
import type { SubscriptionRow } from '../rows';
import type { Store } from '../store';

const address = (tenantId: string, name: string, correlationKey: string) => `${tenantId}\u0000${name}\u0000${correlationKey}`;

export class MessageSubscriptions {
  private readonly byAddress = new Map<string, Set<Key>>();
  private readonly byElement = new Map<Key, Set<Key>>();

  constructor(private readonly store: Store) {
    for (const row of store.rows<SubscriptionRow>('subscriptions')) this.index(row);
  }

  open(row: SubscriptionRow): void {
    this.store.put('subscriptions', row.subscriptionKey, row);
    this.index(row);
  }

  close(row: SubscriptionRow): void {
    this.store.remove('subscriptions', row.subscriptionKey);
    this.byAddress.get(address(row.tenantId, row.messageName, row.correlationKey))?.delete(row.subscriptionKey);
    this.byElement.get(row.elementInstanceKey)?.delete(row.subscriptionKey);
  }

  /** Closes the element instance's subscriptions (only those of `eventIds` when given). */
  closeFor(elementInstanceKey: Key, eventIds?: Set<string>): void {
    for (const key of [...(this.byElement.get(elementInstanceKey) ?? [])]) {
      const row = this.store.get<SubscriptionRow>('subscriptions', key)!;
      if (!eventIds || eventIds.has(row.elementId)) this.close(row);
    }
  }

  /** The subscriptions a message with this name and correlation key reaches, oldest first. */
  matching(tenantId: string, name: string, correlationKey: string): SubscriptionRow[] {
    return [...(this.byAddress.get(address(tenantId, name, correlationKey)) ?? [])].map((k) => this.store.get<SubscriptionRow>('subscriptions', k)!);
  }

  private index(row: SubscriptionRow): void {
    const a = address(row.tenantId, row.messageName, row.correlationKey);
    let set = this.byAddress.get(a);
    if (!set) this.byAddress.set(a, (set = new Set()));
    set.add(row.subscriptionKey);
    let own = this.byElement.get(row.elementInstanceKey);
    if (!own) this.byElement.set(row.elementInstanceKey, (own = new Set()));
    own.add(row.subscriptionKey);
  }
}
