// Published messages buffered for their time to live, indexed by name and correlation key, and by message id
// (a message id is refused as a duplicate while a message with it is buffered).
import type { Key } from '../api';
import type { MessageRow } from '../rows';
import type { Store } from '../store';
import { Index } from './index';

const address = (tenantId: string, name: string, correlationKey: string) => `${tenantId}\u0000${name}\u0000${correlationKey}`;

export class Messages {
  private readonly byAddress = new Index<string, Key>();
  private readonly byId = new Map<string, Key>();

  constructor(private readonly store: Store) {
    for (const row of store.rows<MessageRow>('messages')) this.index(row);
  }

  buffer(row: MessageRow): void {
    this.store.put('messages', row.messageKey, row);
    this.index(row);
  }

  update(row: MessageRow): void {
    this.store.put('messages', row.messageKey, row);
  }

  /** A buffered message with the same name, correlation key and id. */
  duplicate(tenantId: string, name: string, correlationKey: string, messageId: string): MessageRow | undefined {
    const key = this.byId.get(`${address(tenantId, name, correlationKey)}\u0000${messageId}`);
    return key === undefined ? undefined : this.store.get<MessageRow>('messages', key);
  }

  /** Buffered messages with this name and correlation key, oldest first, alive at `now`. */
  find(tenantId: string, name: string, correlationKey: string, now: number): MessageRow[] {
    return this.byAddress
      .get(address(tenantId, name, correlationKey))
      .map((k) => this.store.get<MessageRow>('messages', k)!)
      .filter((m) => m.deadlineMs > now);
  }

  /** Drops the messages whose time to live has passed. */
  expire(now: number): boolean {
    let any = false;
    for (const m of [...this.store.rows<MessageRow>('messages')]) {
      if (m.deadlineMs > now) continue;
      this.store.remove('messages', m.messageKey);
      this.byAddress.delete(address(m.tenantId, m.name, m.correlationKey), m.messageKey);
      if (m.messageId) this.byId.delete(`${address(m.tenantId, m.name, m.correlationKey)}\u0000${m.messageId}`);
      any = true;
    }
    return any;
  }

  private index(row: MessageRow): void {
    const a = address(row.tenantId, row.name, row.correlationKey);
    this.byAddress.add(a, row.messageKey);
    if (row.messageId) this.byId.set(`${a}\u0000${row.messageId}`, row.messageKey);
  }
}
