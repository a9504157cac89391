import { join } from 'node:path';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import { MemoryStore } from './memory-store.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Where a store spec points, before anything is opened (backup, restore and migrate need it without opening). */
export type StoreTarget = { kind: 'memory' } | { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * Reads a store spec: `memory`, `sqlite:<path>`, a bare file path, or a
 * `postgres://` URL (`?schema=name` to keep the tables in a schema).
 * Without a spec, the SQLite file in the data directory.
 */
export function parseStoreSpec(spec: string | undefined, dataDir: string): StoreTarget {
  if (!spec) return { kind: 'sqlite', path: join(dataDir, 'registry.db') };
  if (spec === 'memory') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\//.test(spec)) return { kind: 'postgres', url: spec };
  if (spec.startsWith('sqlite:')) return { kind: 'sqlite', path: spec.slice('sqlite:'.length) || join(dataDir, 'registry.db') };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new Error(`unknown store '${spec}': use memory, sqlite:<path>, a file path or postgres://…`);
  return { kind: 'sqlite', path: spec };
}

/** Opens the store a spec names (see parseStoreSpec). */
export async function openStore(spec: string | undefined, dataDir: string, options: { auditSigner?: AuditSigner } = {}): Promise<Store> {
  const { auditSigner } = options;
  const target = parseStoreSpec(spec, dataDir);
  if (target.kind === 'memory') return new MemoryStore(auditSigner);
  if (target.kind === 'postgres') return PostgresStore.open(target.url, { auditSigner });
  return new SqliteStore(target.path, auditSigner);
}
