import { join } from 'node:path';
import type { AuditSigner } from '../governance/audit-signer.ts';
import { MemoryStore } from './memory-store.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * Opens the store a spec names: `memory`, `sqlite:<path>`, a bare file path,
 * or a `postgres://` URL (`?schema=name` to keep the tables in a schema).
 * Without a spec, the SQLite file in the data directory.
 */
export async function openStore(spec: string | undefined, dataDir: string, options: { auditSigner?: AuditSigner } = {}): Promise<Store> {
  const { auditSigner } = options;
  if (!spec) return new SqliteStore(join(dataDir, 'registry.db'), auditSigner);
  if (spec === 'memory') return new MemoryStore(auditSigner);
  if (/^postgres(ql)?:\/\//.test(spec)) return PostgresStore.open(spec, { auditSigner });
  if (spec.startsWith('sqlite:')) return new SqliteStore(spec.slice('sqlite:'.length) || join(dataDir, 'registry.db'), auditSigner);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new Error(`unknown store '${spec}': use memory, sqlite:<path>, a file path or postgres://…`);
  return new SqliteStore(spec, auditSigner);
}
