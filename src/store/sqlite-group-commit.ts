import type Database from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: writes handed in during one turn of the event loop are
 * committed together, in one IMMEDIATE transaction — one WAL fsync for all
 * of them instead of one each. Each write runs in a savepoint of its own, so
 * one that throws (a StoreConflictError, a constraint) is rolled back alone
 * and only its caller sees the error — unless SQLite rolled back the whole
 * transaction (disk full, I/O error): then every write of the batch fails. Every caller's promise settles after
 * the COMMIT has returned: with synchronous=FULL that is after the WAL is on
 * disk, so an acknowledged write is as durable as it was with a transaction
 * each (see docs/decisions/014-stores-by-role.md).
 *
 * The batch runs synchronously (better-sqlite3), so no read or other write
 * of this connection ever sees it half done; writes queued meanwhile by
 * callers holding different subjects' locks are what fills the next batch.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private readonly batch: Database.Transaction<(items: Pending[]) => Array<{ ok: true; value: unknown } | { ok: false; err: unknown }>>;

  constructor(db: Database.Database) {
    // better-sqlite3 runs a transaction function called inside another as a savepoint.
    const savepoint = db.transaction((work: () => unknown) => work());
    this.batch = db.transaction((items: Pending[]) =>
      items.map((item) => {
        try {
          return { ok: true as const, value: savepoint(item.work) };
        } catch (err) {
          // Some errors (disk full, I/O, out of memory) make SQLite roll back the whole transaction, not the savepoint:
          // the writes before are undone, and the ones after must not run on their own. The batch fails as one.
          if (!db.inTransaction) throw err;
          return { ok: false as const, err };
        }
      }),
    );
  }

  /** Runs `work` (synchronous statements) in the next batch; resolves with its result once the batch is committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate runs after the I/O callbacks of this turn: the writes their requests lead to join this batch.
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (also called before the database closes, so nothing queued is dropped). */
  flush(): void {
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let outcomes;
    try {
      outcomes = this.batch.immediate(items);
    } catch (err) {
      // BEGIN or COMMIT failed (disk full, I/O error): nothing of the batch was written.
      for (const item of items) item.reject(err);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? items[i].resolve(outcome.value) : items[i].reject(outcome.err)));
  }
}
