import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../core/errors.ts';

const held = new WeakMap<FastifyRequest, { bytes: number }>();

/**
 * Bounds the memory request bodies hold: the bytes of every body being
 * received or handled, summed, stay under `maxBytes`. A body that would go
 * past it is refused (503 with Retry-After: it clears as other requests
 * finish) as soon as that is known — from its Content-Length, or from its
 * chunks as they arrive — so a thousand clients each sending a large body
 * slowly cannot take the server's memory between them.
 */
export function registerBodyBudget(app: FastifyInstance, maxBytes: number): void {
  let inFlight = 0;
  const release = (request: FastifyRequest) => {
    const entry = held.get(request);
    if (!entry) return;
    inFlight -= entry.bytes;
    entry.bytes = 0;
  };
  app.addHook('preParsing', async (request, _reply, payload) => {
    const entry = { bytes: 0 };
    held.set(request, entry);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > 0 && inFlight + declared > maxBytes) throw errors.serverBusy(maxBytes).retryAfter(1);
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (inFlight + chunk.length > maxBytes) return callback(errors.serverBusy(maxBytes).retryAfter(1));
          inFlight += chunk.length;
          entry.bytes += chunk.length;
          callback(null, chunk);
        },
      }),
    );
  });
  app.addHook('onResponse', async (request) => release(request));
  app.addHook('onRequestAbort', async (request) => release(request));
}
