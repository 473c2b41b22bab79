// The engine's state: named tables of JSON rows in memory. With a data folder, every committed change is
// appended to a journal (one JSON line per row written or removed) and replayed on open, so the state
// survives a restart; open() folds the journal into a snapshot. Without a data folder, nothing is written.
import fs from 'node:fs';
import path from 'node:path';

export type TableName = 'meta' | 'definitions' | 'instances' | 'elements' | 'variables' | 'jobs' | 'incidents' | 'documents' | 'timers' | 'subscriptions' | 'messages';
const TABLES: TableName[] = ['meta', 'definitions', 'instances', 'elements', 'variables', 'jobs', 'incidents', 'documents', 'timers', 'subscriptions', 'messages'];

/** The journal is folded into the snapshot when it grows past this. */
const COMPACT_AT_BYTES = 256 * 1024 * 1024;

export class Store {
  private readonly tables = new Map<TableName, Map<string, unknown>>(TABLES.map((t) => [t, new Map()]));
  private pending: string[] = [];
  private journalFd?: number;
  private journalBytes = 0;

  private constructor(private readonly dir?: string) {}

  static open(dir?: string): Store {
    const store = new Store(dir);
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      store.load();
      store.snapshot();
    }
    return store;
  }

  get<T>(table: TableName, key: string): T | undefined {
    return this.tables.get(table)!.get(key) as T | undefined;
  }

  rows<T>(table: TableName): IterableIterator<T> {
    return this.tables.get(table)!.values() as IterableIterator<T>;
  }

  /** Writes a row; the caller mutates rows only through put, so the journal sees every change. */
  put<T extends object>(table: TableName, key: string, row: T): T {
    this.tables.get(table)!.set(key, row);
    if (this.dir) this.pending.push(JSON.stringify([table, key, row]));
    return row;
  }

  remove(table: TableName, key: string): void {
    if (!this.tables.get(table)!.delete(key)) return;
    if (this.dir) this.pending.push(JSON.stringify([table, key, null]));
  }

  /** Makes the changes since the last commit durable (written to the journal before a command answers). */
  commit(): void {
    if (this.pending.length === 0 || this.journalFd === undefined) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.journalBytes += fs.writeSync(this.journalFd, text);
    if (this.journalBytes > COMPACT_AT_BYTES) this.snapshot();
  }

  close(): void {
    this.commit();
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  private get snapshotPath() {
    return path.join(this.dir!, 'snapshot.json');
  }

  private get journalPath() {
    return path.join(this.dir!, 'journal.jsonl');
  }

  private load(): void {
    if (fs.existsSync(this.snapshotPath)) {
      const snapshot = JSON.parse(fs.readFileSync(this.snapshotPath, 'utf8')) as Record<string, [string, unknown][]>;
      for (const table of TABLES) for (const [key, row] of snapshot[table] ?? []) this.tables.get(table)!.set(key, row);
    }
    if (!fs.existsSync(this.journalPath)) return;
    for (const line of fs.readFileSync(this.journalPath, 'utf8').split('\n')) {
      if (!line) continue;
      let entry: [TableName, string, unknown];
      try {
        entry = JSON.parse(line);
      } catch {
        break; // the last line of a process killed mid-write
      }
      const [table, key, row] = entry;
      if (row === null) this.tables.get(table)?.delete(key);
      else this.tables.get(table)?.set(key, row);
    }
  }

  /** Writes the whole state as the snapshot and starts an empty journal. */
  private snapshot(): void {
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    const snapshot = Object.fromEntries(TABLES.map((t) => [t, [...this.tables.get(t)!.entries()]]));
    const tmp = `${this.snapshotPath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(snapshot));
    fs.renameSync(tmp, this.snapshotPath);
    this.journalFd = fs.openSync(this.journalPath, 'w');
    this.journalBytes = 0;
  }
}
