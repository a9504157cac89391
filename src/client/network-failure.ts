import { SchemaRegistryConnectionError, type ConnectionFailure } from './client-errors.ts';

/** What the transport knows when a request got no answer, for saying where it went. */
export interface FailedRequest {
  baseUrl: string;
  method: string;
  path: string;
  timeoutMs: number;
  attempts: number;
  /** Where the URL came from (`QMTL_SCHEMA_REGISTRY_URL`, …), when known. */
  source?: string;
}

// OpenSSL's errors when the far end does not speak TLS at all: an https URL aimed at a plain http port.
const NOT_TLS = /wrong version number|packet length too long|http request|unknown protocol/i;
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/**
 * fetch reports every network failure as `TypeError: fetch failed`; the
 * reason is in `err.cause.code` (on an AggregateError when several
 * addresses were tried, in its first error). Each reason a user can act on
 * gets a message saying what to check.
 */
export function classifyFailure(err: unknown): { reason: ConnectionFailure; code?: string; detail: string; host?: string; blockedPort?: boolean } {
  const cause = (err as { cause?: { code?: string; message?: string; hostname?: string; errors?: Array<{ code?: string }> } } | undefined)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  const detail = cause?.message || (err instanceof Error ? err.message : String(err));
  if ((err as Error | undefined)?.name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) return { reason: 'timeout', code, detail };
  if (code === 'ECONNREFUSED') return { reason: 'refused', code, detail };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: 'unresolved', code, detail, host: cause?.hostname };
  if (code?.startsWith('ERR_SSL_') || (code === 'EPROTO' && NOT_TLS.test(detail))) return { reason: 'tls', code, detail };
  // The Fetch standard's "bad ports" (6000, 6665-6669, 10080, …): fetch refuses them without trying, and says only "bad port".
  if (!code && detail === 'bad port') return { reason: 'network', detail, blockedPort: true };
  return { reason: 'network', code, detail };
}

/** Failures that another attempt cannot mend: the host does not exist, the port does not speak TLS, fetch will not use the port. */
export function isPermanent(err: unknown): boolean {
  const { reason, code, blockedPort } = classifyFailure(err);
  return reason === 'tls' || (reason === 'unresolved' && code === 'ENOTFOUND') || blockedPort === true;
}

/** The failure as the message a user acts on: what went wrong, what to check, which request it was. */
export function connectionErrorOf(err: unknown, request: FailedRequest): SchemaRegistryConnectionError {
  const { reason, code, detail, host, blockedPort } = classifyFailure(err);
  const url = new URL(request.baseUrl);
  // Which request went unanswered, in the words callers (and the CLI's tests) have matched since before the causes were told apart.
  const call = `did not answer ${request.method} ${request.path}${request.attempts > 1 ? ` after ${request.attempts} attempts` : ''}`;
  const from = request.source ? ` (from ${request.source})` : '';
  let message: string;
  switch (reason) {
    case 'refused':
      message = `nothing is listening at ${request.baseUrl} (connection refused): is the registry running? [${call}]`;
      break;
    case 'unresolved':
      message =
        `cannot resolve host ${host ?? url.hostname} (${code === 'EAI_AGAIN' ? 'EAI_AGAIN, DNS did not answer' : code}): ` +
        `check the host in ${request.baseUrl}${from} [${call}]`;
      break;
    case 'tls':
      url.protocol = 'http:';
      message = `TLS handshake with ${request.baseUrl} failed (${code}): does the registry serve https? try ${url.toString().replace(/\/+$/, '')}${request.source ? ` in ${request.source}` : ''} [${call}]`;
      break;
    case 'timeout':
      message = `schema registry at ${request.baseUrl} did not answer ${request.method} ${request.path} within ${request.timeoutMs} ms${request.attempts > 1 ? ` (${request.attempts} attempts)` : ''}`;
      break;
    default:
      if (blockedPort) {
        message = `fetch will not connect to port ${url.port} of ${request.baseUrl}, one the Fetch standard blocks: run the registry on another port${from} [${call}]`;
        break;
      }
      message = `schema registry at ${request.baseUrl} ${call}: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`;
  }
  return new SchemaRegistryConnectionError(message, reason, request.baseUrl, { cause: err });
}
