import { join } from 'node:path';
import { MemoryStore } from './memory-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * Opens the store a spec names: `memory`, `sqlite:<path>`, a bare file path,
 * or (issue #7) a `postgres://` URL. Without a spec, the SQLite file in the
 * data directory.
 */
export async function openStore(spec: string | undefined, dataDir: string): Promise<Store> {
  if (!spec) return new SqliteStore(join(dataDir, 'registry.db'));
  if (spec === 'memory') return new MemoryStore();
  if (/^postgres(ql)?:\/\//.test(spec)) {
    throw new Error('the PostgreSQL store is not available in this version; use sqlite:<path> or memory');
  }
  if (spec.startsWith('sqlite:')) return new SqliteStore(spec.slice('sqlite:'.length) || join(dataDir, 'registry.db'));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new Error(`unknown store '${spec}': use memory, sqlite:<path> or a file path`);
  return new SqliteStore(spec);
}
