import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../src/core/clock.ts';
import type { ServerSettings } from '../../src/server/server-settings.ts';
import type { SchemaEngine } from '../../src/engine/engine-types.ts';
import type { RegistrySettings } from '../../src/registry/registry-context.ts';
import type { RegistryService } from '../../src/registry/registry-service.ts';
import { composeServer } from '../../src/server/compose-server.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { sharedEngine } from './shared-engine.ts';
import type { Store } from '../../src/store/store.ts';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: any;
  text: string;
}

export interface ApiHarness {
  app: FastifyInstance;
  registry: RegistryService;
  clock: ManualClock;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** Registers an Avro/JSON/Protobuf schema and asserts nothing; returns the response. */
  register(subject: string, schema: unknown, extra?: Record<string, unknown>, query?: string): Promise<ApiResponse>;
  close(): Promise<void>;
}

/** The real HTTP app over a fresh store, driven in-process with fastify's inject. */
export async function apiHarness(
  options: { settings?: Partial<RegistrySettings>; store?: Store; engine?: SchemaEngine; server?: Partial<ServerSettings> } = {},
): Promise<ApiHarness> {
  const clock = new ManualClock();
  const { app, services } = await composeServer({ store: options.store ?? new MemoryStore(), clock, settings: options.settings, engine: options.engine ?? sharedEngine(), logLevel: 'silent', server: options.server });
  const { registry } = services;
  const request: ApiHarness['request'] = async (method, url, body, headers = {}) => {
    const hasBody = body !== undefined;
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...headers },
      ...(hasBody && { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = response.body;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.statusCode, headers: response.headers, body: parsed, text: response.body };
  };
  return {
    app,
    registry,
    clock,
    request,
    register: (subject, schema, extra = {}, query = '') =>
      request('POST', `/subjects/${encodeURIComponent(subject)}/versions${query}`, {
        schema: typeof schema === 'string' ? schema : JSON.stringify(schema),
        ...extra,
      }),
    close: async () => {
      await app.close();
      await registry.close();
    },
  };
}

/** A random-looking but deterministic Avro record schema, distinct per n. */
export function avroRecord(n: number, fields: Array<{ name: string; type: unknown; default?: unknown }> = []): Record<string, unknown> {
  return { type: 'record', name: `Record${n}`, fields: [{ name: 'f', type: 'string' }, ...fields] };
}

/** The Confluent part of a registration answer: `{id, version}` (schemagate adds its compat id and report). */
export function idv(body: { id: number; version: number }): { id: number; version: number } {
  return { id: body.id, version: body.version };
}
