import { SchemaRegistryConfigError, SchemaRegistryError } from './client-errors.ts';
import { connectionErrorOf, isPermanent } from './network-failure.ts';
import { checkRegistryUrl } from './registry-url.ts';

export interface Credentials {
  username?: string;
  password?: string;
  token?: string;
}

export interface TransportOptions {
  /** Per attempt; a slow registry fails the call instead of hanging the caller. */
  timeoutMs?: number;
  /** Extra attempts for reads (GET) that failed without an answer or with a 5xx. */
  retries?: number;
  credentials?: Credentials;
  /** Where the URL came from, named in errors about it (`QMTL_SCHEMA_REGISTRY_URL`, `--registry`); default `the registry URL`. */
  source?: string;
}

export interface HttpAnswer {
  status: number;
  body: any;
  text: string;
}

const RETRY_DELAYS_MS = [100, 400, 1000];

/**
 * JSON over HTTP to a registry, with a timeout on every attempt and retries
 * for idempotent reads only: a POST is sent once, since repeating a
 * registration that did land would be harmless but repeating a governance
 * action would not.
 */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly authorization?: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  /** Where the URL came from (a flag, a variable, a file's key), for messages. */
  readonly source?: string;

  /** Throws SchemaRegistryConfigError for a URL that is not http(s), naming `options.source`. */
  constructor(url: string, options: TransportOptions = {}) {
    const parsed = checkRegistryUrl(url, options.source ?? 'the registry URL');
    const credentials = { ...options.credentials };
    // http://user:password@host works as it does for Confluent's clients.
    if (parsed.username && !credentials.username) {
      credentials.username = decodeURIComponent(parsed.username);
      credentials.password = decodeURIComponent(parsed.password);
    }
    parsed.username = '';
    parsed.password = '';
    this.baseUrl = parsed.toString().replace(/\/+$/, '');
    if (credentials.token) this.authorization = `Bearer ${credentials.token}`;
    else if (credentials.username) this.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    // Checked here: AbortSignal.timeout would only throw at the first request, looking like a network failure.
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0)) {
      throw new SchemaRegistryConfigError(`timeoutMs must be a positive number of milliseconds, not ${String(options.timeoutMs)}`, 'the timeoutMs option');
    }
    this.retries = options.retries ?? 2;
    this.source = options.source;
  }

  /** The answer, whatever its status; throws SchemaRegistryConnectionError (status 0) only when none came. */
  async request(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const attempts = method === 'GET' ? this.retries + 1 : 1;
    let last: unknown;
    let made = 0;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)]));
      made++;
      try {
        const answer = await this.once(method, path, body);
        if (answer.status >= 500 && attempt < attempts - 1) {
          last = new SchemaRegistryError(String(answer.body?.message ?? answer.text), answer.status, Number(answer.body?.error_code ?? 0));
          continue;
        }
        return answer;
      } catch (err) {
        last = err;
        // A host that does not exist or a port without TLS stays so: asking again only delays the message.
        if (isPermanent(err)) break;
      }
    }
    if (last instanceof SchemaRegistryError) throw last;
    throw connectionErrorOf(last, { baseUrl: this.baseUrl, method, path, timeoutMs: this.timeoutMs, attempts: made, source: this.source });
  }

  /** The answer's JSON body when 2xx; a SchemaRegistryError otherwise. */
  async json(method: string, path: string, body?: unknown): Promise<any> {
    const answer = await this.request(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    throw errorOf(answer);
  }

  private async once(method: string, path: string, body: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (body !== undefined) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
    if (this.authorization) headers.authorization = this.authorization;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  }
}

export function errorOf(answer: HttpAnswer): SchemaRegistryError {
  const message = typeof answer.body?.message === 'string' ? answer.body.message : `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
  return new SchemaRegistryError(message, answer.status, Number(answer.body?.error_code ?? 0));
}
