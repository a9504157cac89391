import { parentPort, workerData } from 'node:worker_threads';
import { errors } from '../core/errors.ts';
import { LruCache } from '../core/lru-cache.ts';
import { parseSchema, type ParsedSchema } from '../core/parse-schema.ts';
import { parsedWeight, runJob } from './engine-jobs.ts';
import { fromWire, toWire, type FromWorker, type ToWorker } from './engine-messages.ts';
import type { EngineHost, JobKind } from './engine-types.ts';

/**
 * An engine worker: runs one job at a time, and asks the registry's thread
 * for stored schemas and references as the job needs them. It keeps parsed
 * stored schemas between jobs, within its character budget.
 */
const port = parentPort!;
const { parsedCacheChars } = workerData as { parsedCacheChars: number };
const stored = new LruCache<string, ParsedSchema>(parsedCacheChars, parsedWeight);
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
let nextCall = 1;

const send = (message: FromWorker) => port.postMessage(message);

function hostFor(jobId: number): EngineHost {
  const call = (method: 'sources' | 'resolveReferences', args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const callId = nextCall++;
      pending.set(callId, { resolve, reject });
      send({ type: 'call', jobId, callId, method, args });
    });
  return {
    sources: (ids) => call('sources', [ids]) as ReturnType<EngineHost['sources']>,
    resolveReferences: (refs) => call('resolveReferences', [refs]) as ReturnType<EngineHost['resolveReferences']>,
  };
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'job': {
      const { jobId, kind, input } = message;
      runJob(kind as JobKind, input as never, { host: hostFor(jobId), stored })
        .then((value) => send({ type: 'done', jobId, ok: true, value }))
        .catch((err: unknown) =>
          // A result too deep or too large to pass back is the input's doing, like any other budget.
          send({ type: 'done', jobId, ok: false, error: toWire(err instanceof RangeError ? errors.checkBudgetExceeded(`its result could not be passed back (${err.message})`) : err) }),
        );
      break;
    }
    case 'reply': {
      const call = pending.get(message.callId);
      pending.delete(message.callId);
      if (message.ok) call?.resolve(message.value);
      else call?.reject(fromWire(message.error));
      break;
    }
    case 'forget':
      for (const id of message.ids) stored.delete(`${message.ns}:${id}`);
      break;
  }
});

// What every first job would otherwise pay for (an ajv per draft, protobuf's parser), before the worker takes work.
for (const [schemaType, schema] of [
  ['JSON', '{"type":"object","properties":{"a":{"type":"string","pattern":"^a"}}}'],
  ['JSON', '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}'],
  ['AVRO', '{"type":"record","name":"W","fields":[{"name":"a","type":"string"}]}'],
  ['PROTOBUF', 'syntax = "proto3"; message W { string a = 1; }'],
] as const) {
  parseSchema({ schemaType, schema, references: [] });
}

send({ type: 'ready' });
