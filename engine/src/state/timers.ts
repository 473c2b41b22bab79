// Timers waiting to fire, kept in the store (so that due timers survive a restart), indexed by element instance.
import type { Key } from '../api';
import type { TimerRow } from '../rows';
import type { Store } from '../store';
import { Index } from './index';

export class Timers {
  private readonly byElement = new Index<Key, Key>();

  constructor(private readonly store: Store) {
    for (const row of store.rows<TimerRow>('timers')) this.index(row);
  }

  add(timer: TimerRow): void {
    this.store.put('timers', timer.timerKey, timer);
    this.index(timer);
  }

  remove(timer: TimerRow): void {
    this.store.remove('timers', timer.timerKey);
    if (timer.elementInstanceKey) this.byElement.delete(timer.elementInstanceKey, timer.timerKey);
  }

  /** Every timer of the element instance (its catch event, its boundary events, its event sub-processes). */
  removeFor(elementInstanceKey: Key, eventIds?: Set<string>): void {
    for (const key of this.byElement.get(elementInstanceKey)) {
      const row = this.store.get<TimerRow>('timers', key)!;
      if (!eventIds || eventIds.has(row.elementId)) this.remove(row);
    }
  }

  /** Start-event timers of a process definition. */
  ofDefinition(processDefinitionKey: Key): TimerRow[] {
    return [...this.store.rows<TimerRow>('timers')].filter((t) => t.processDefinitionKey === processDefinitionKey && !t.elementInstanceKey);
  }

  due(now: number): TimerRow[] {
    const out: TimerRow[] = [];
    for (const t of this.store.rows<TimerRow>('timers')) if (t.dueMs <= now) out.push(t);
    return out.sort((a, b) => a.dueMs - b.dueMs);
  }

  private index(row: TimerRow): void {
    if (row.elementInstanceKey) this.byElement.add(row.elementInstanceKey, row.timerKey);
  }
}
