import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, isRegistryError, type RegistryError } from '../core/errors.ts';
import { StoreConflictError } from '../store/store.ts';
import { SCHEMA_REGISTRY_V1 } from './content-types.ts';
import { scopedBodyLimit } from './body-parser.ts';

/**
 * The one place errors become HTTP: every RegistryError renders as
 * `{error_code, message}` with the status its code implies. Fastify's own
 * client errors are mapped onto the table; anything else is a bug, logged and
 * answered 500 without leaking internals.
 */
export function registerErrorHandlers(app: FastifyInstance, limits: { maxSchemaBytes: number }): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const registryError = toRegistryError(error, limits, request);
    if (registryError.status >= 500) request.log.error({ err: error }, 'request failed');
    sendError(reply, registryError);
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, errors.routeNotFound(request.method, request.url.split('?')[0]));
  });
}

export function sendError(reply: FastifyReply, error: RegistryError): void {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  // Refused before its body was read (no content type, too large): the rest of the body
  // would be read as the next request on this connection, so the connection ends here.
  if (!reply.request.raw.complete) reply.header('connection', 'close');
  reply
    .code(error.status)
    .type(SCHEMA_REGISTRY_V1)
    .send({ error_code: error.errorCode, message: error.message, ...error.extra });
}

function toRegistryError(error: FastifyError | Error, limits: { maxSchemaBytes: number }, request: FastifyRequest): RegistryError {
  if (isRegistryError(error)) return error;
  // Writes retry their conflicts a few times (see withRetries); one still conflicting is retryable, not a failure.
  if (error instanceof StoreConflictError) return errors.writeConflict().retryAfter(1);
  const status = (error as FastifyError).statusCode;
  if (status === 413) {
    const applied = scopedBodyLimit(request) ?? { bytes: bodyLimitFor(limits.maxSchemaBytes), setting: 'twice registry.maxSchemaBytes plus 64 KiB, room for JSON escaping' };
    return errors.schemaTooLarge(Number(request.headers['content-length'] ?? Number.NaN), applied.bytes, 'request body', applied.setting);
  }
  if (status === 415) return errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
  if (status !== undefined && status >= 400 && status < 500) return errors.badRequest(error.message);
  return errors.internalError(error.message);
}

/**
 * The largest request body accepted: room for a schema at the size limit
 * even when JSON escaping inflates it (quotes and backslashes double), plus
 * its references and envelope. The schema itself is then held to the limit.
 */
export function bodyLimitFor(maxSchemaBytes: number): number {
  return maxSchemaBytes * 2 + 64 * 1024;
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (broken
 * framing, headers too large, too slow): answered in the error table's
 * format, like every other error, and the connection closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? errors.requestTimeout()
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? errors.headersTooLarge()
        : errors.badRequest(`The request is not valid HTTP (${err.code ?? err.message}).`);
  const body = JSON.stringify({ error_code: error.errorCode, message: error.message });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: ${SCHEMA_REGISTRY_V1}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}
