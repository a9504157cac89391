import { randomBytes } from 'node:crypto';

/** The PostgreSQL server the tests use (scripts/run-tests.js starts one), or undefined. */
export const POSTGRES_URL = process.env.SCHEMAGATE_TEST_POSTGRES_URL;

export const POSTGRES_SKIP = POSTGRES_URL ? false : 'PostgreSQL is not available (install postgresql, or set SCHEMAGATE_TEST_POSTGRES_URL)';

/** A store URL whose tables live in a schema of their own: tests never see each other's data. */
export function freshPostgresUrl(): string {
  if (!POSTGRES_URL) throw new Error(String(POSTGRES_SKIP));
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
  return url.toString();
}
