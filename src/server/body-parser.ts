import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../core/errors.ts';
import { JSON_BODY_TYPES } from './content-types.ts';

/**
 * One parser for every JSON media type Confluent clients send. An empty
 * body is `undefined` (the Confluent client sends a Content-Type on
 * body-less DELETEs); bad JSON is a 400 that says where it broke. Any other
 * declared media type is a 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(JSON_BODY_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseBody(body as string));
  });
  refuseOtherMediaTypes(app);
}

/**
 * For routes whose bodies carry sample records (megabytes of them): the body
 * stays text, for the schema engine to parse off the event loop. An empty
 * body is `undefined`, as above. Used inside its own plugin scope, so only
 * that scope's routes see it.
 */
export function registerTextBodyParsers(scope: FastifyInstance, bodyLimit: number, setting: string): void {
  scope.addHook('onRequest', (request, _reply, done) => {
    scopedBodyLimits.set(request, { bytes: bodyLimit, setting });
    done();
  });
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(JSON_BODY_TYPES, { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    done(null, (body as string).trim().length === 0 ? undefined : body);
  });
  refuseOtherMediaTypes(scope);
}

/** The body limit a scope set for its requests, so a 413 quotes the limit that applied, not the default one. */
const scopedBodyLimits = new WeakMap<FastifyRequest, { bytes: number; setting: string }>();

export function scopedBodyLimit(request: FastifyRequest): { bytes: number; setting: string } | undefined {
  return scopedBodyLimits.get(request);
}

function refuseOtherMediaTypes(app: FastifyInstance): void {
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).length === 0) return done(null, undefined);
    done(errors.unsupportedMediaType(String(request.headers['content-type'] ?? '')), undefined);
  });
}

function parseBody(text: string): unknown {
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`The request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
