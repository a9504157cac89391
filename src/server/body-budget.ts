import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { errors } from '../core/errors.ts';

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
  // A callback hook, not an async one, and no hook after it: this runs on every request, and most requests are reads.
  app.addHook('preParsing', (request, reply, payload, done) => {
    // A request its framing says has no body (most reads) sends no bytes to count: nothing to hold or release.
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) return done(null, payload);
    const entry = { bytes: 0 };
    // The response closes once it is sent and when the client goes away first: either way the bytes are free again.
    reply.raw.once('close', () => {
      inFlight -= entry.bytes;
      entry.bytes = 0;
    });
    const declared = Number(length);
    if (Number.isFinite(declared) && declared > 0 && inFlight + declared > maxBytes) return done(errors.serverBusy(maxBytes).retryAfter(1));
    done(
      null,
      payload.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            if (inFlight + chunk.length > maxBytes) return callback(errors.serverBusy(maxBytes).retryAfter(1));
            inFlight += chunk.length;
            entry.bytes += chunk.length;
            callback(null, chunk);
          },
        }),
      ),
    );
  });
}
