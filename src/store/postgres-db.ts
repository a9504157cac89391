import type pg from 'pg';
import { StoreConflictError } from './store.ts';

/** The pool, or a client inside a transaction. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Where a role's queries go. Outside `locked`, `db` is the pool and `tx`
 * opens a transaction of its own; inside, both are the session's client and
 * its one transaction.
 */
export interface PgContext {
  readonly db: Db;
  tx<T>(work: (db: Db) => Promise<T>): Promise<T>;
}

/**
 * A query as a named prepared statement: each connection parses and plans it
 * once, then only binds and executes it. For the hot reads; `name` must
 * always go with the same text.
 */
export async function named<T extends pg.QueryResultRow>(db: Db, name: string, text: string, values: unknown[]): Promise<T[]> {
  return (await db.query<T>({ name, text, values })).rows;
}

/** Runs database work; a unique or foreign-key violation, or a serialisation failure, means another writer came first. */
export async function mapConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505' || code === '23503' || code === '40001' || code === '40P01') throw new StoreConflictError((err as Error).message);
    throw err;
  }
}

/**
 * Serialises writes to these subjects across every instance until the
 * transaction ends. Taken in one sorted order, so two transactions locking
 * overlapping sets cannot deadlock.
 */
export async function lockSubjects(db: Db, subjects: string[]): Promise<void> {
  for (const subject of [...new Set(subjects)].sort()) await db.query("SELECT pg_advisory_xact_lock(hashtext('subject:' || $1))", [subject]);
}
