import { RegistryError, type ErrorName } from '../core/errors.ts';
import type { JobKind } from './engine-types.ts';

/** What crosses between the registry's thread and an engine worker. */
export type ToWorker =
  | { type: 'job'; jobId: number; kind: JobKind; input: unknown }
  | { type: 'reply'; jobId: number; callId: number; ok: true; value: unknown }
  | { type: 'reply'; jobId: number; callId: number; ok: false; error: WireError }
  | { type: 'forget'; ns: string; ids: readonly number[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'call'; jobId: number; callId: number; method: 'sources' | 'resolveReferences'; args: unknown[] }
  | { type: 'done'; jobId: number; ok: true; value: unknown }
  | { type: 'done'; jobId: number; ok: false; error: WireError };

/** An error as a message carries it: a RegistryError keeps its table entry, anything else its text. */
export type WireError =
  | { registry: { key: ErrorName; errorCode: number; message: string; extra?: Record<string, unknown>; retryAfterSeconds?: number } }
  | { message: string; stack?: string };

export function toWire(err: unknown): WireError {
  if (err instanceof RegistryError) {
    return { registry: { key: err.key, errorCode: err.errorCode, message: err.message, ...(err.extra && { extra: err.extra }), ...(err.retryAfterSeconds !== undefined && { retryAfterSeconds: err.retryAfterSeconds }) } };
  }
  return err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
}

export function fromWire(wire: WireError): Error {
  if ('registry' in wire) {
    const { key, errorCode, message, extra, retryAfterSeconds } = wire.registry;
    return new RegistryError(key, errorCode, message, extra, retryAfterSeconds);
  }
  const err = new Error(wire.message);
  if (wire.stack) err.stack = wire.stack;
  return err;
}
