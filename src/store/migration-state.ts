import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { planMigrations, type MigrationPlan } from './migration-plan.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';

/** Reads a SQLite registry's applied migrations without changing the file (read-only; a server may be using it). */
export function readSqlitePlan(path: string): MigrationPlan {
  if (!existsSync(path)) throw new Error(`sqlite store: there is no registry at ${path} (serve would create a new one there)`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    const applied = present ? db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version) : [];
    return planMigrations('sqlite', path, applied, SQLITE_MIGRATIONS);
  } catch (err) {
    throw new Error(`sqlite store: cannot read ${path}: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/** Reads a PostgreSQL registry's applied migrations (`?schema=name` as the store reads it), changing nothing. */
export async function readPostgresPlan(url: string): Promise<MigrationPlan> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`postgres store: schema '${schema}' must be a lower-case SQL identifier`);
  const where = `postgres ${parsed.host}${parsed.pathname}${schema ? ` (schema ${schema})` : ''}`;
  const client = new pg.Client({ connectionString: parsed.toString(), ...(schema && { options: `-c search_path=${schema}` }) });
  try {
    await client.connect();
    const present = (await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")).rows[0].present;
    const applied = present ? (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version) : [];
    return planMigrations('postgres', where, applied, POSTGRES_MIGRATIONS);
  } catch (err) {
    throw new Error(`postgres store: cannot read ${where}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
