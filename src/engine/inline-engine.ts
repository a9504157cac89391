import { LruCache } from '../core/lru-cache.ts';
import type { ParsedSchema } from '../core/parse-schema.ts';
import { parsedWeight, runJob } from './engine-jobs.ts';
import type { EngineHost, JobInputs, JobKind, JobOutputs, SchemaEngine } from './engine-types.ts';

/** Characters of stored schema text kept parsed, by default (about ten bytes of heap each). */
export const DEFAULT_PARSED_CACHE_CHARS = 8 * 1024 * 1024;

/**
 * The engine on the caller's own thread: for the in-memory client and the
 * CLI, which run in the application's process and check its own schemas.
 * The server uses the worker engine; both run the same jobs.
 */
export class InlineEngine implements SchemaEngine {
  private readonly stored: LruCache<string, ParsedSchema>;

  constructor(options: { parsedCacheChars?: number } = {}) {
    this.stored = new LruCache(options.parsedCacheChars ?? DEFAULT_PARSED_CACHE_CHARS, parsedWeight);
  }

  run<K extends JobKind>(kind: K, input: JobInputs[K], host: EngineHost): Promise<JobOutputs[K]> {
    return runJob(kind, input, { host, stored: this.stored });
  }

  forget(ns: string, ids: readonly number[]): void {
    for (const id of ids) this.stored.delete(`${ns}:${id}`);
  }

  async close(): Promise<void> {
    this.stored.clear();
  }
}
