import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/core/clock.ts';
import type { Role } from '../../src/core/governance/roles.ts';
import type { RegistrySettings } from '../../src/registry/registry-context.ts';
import type { RegistryService } from '../../src/registry/registry-service.ts';
import { composeServer } from '../../src/server/compose-server.ts';
import type { AuthSettings } from '../../src/server/auth/authenticator.ts';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { sharedEngine } from './shared-engine.ts';
import type { Store } from '../../src/store/store.ts';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface HttpHarness {
  url: string;
  clock: ManualClock;
  registry: RegistryService;
  /** A request as `user` (HTTP Basic with the user's password), or without credentials when user is undefined. */
  call(user: string | undefined, method: string, path: string, body?: unknown): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Every role, one user each, plus combinations the governance rules care about. Password: `<name>-secret`. */
export const TEST_USERS: Record<string, Role[]> = {
  alice: ['author'],
  eve: ['author'],
  ann: ['author', 'data-platform'],
  bob: ['data-platform'],
  carol: ['strategy-owner'],
  dave: ['data-platform', 'strategy-owner'],
  rita: ['reader'],
  walt: ['writer'],
  root: ['admin'],
};

let hashed: AuthSettings | undefined;

/** Auth settings for TEST_USERS, hashed once per test process (scrypt is slow on purpose). */
export function testAuth(): AuthSettings {
  hashed ??= {
    enabled: true,
    users: Object.entries(TEST_USERS).map(([name, roles]) => ({ name, roles, passwordHash: hashPassword(`${name}-secret`) })),
  };
  return hashed;
}

/** The real app listening on a loopback port, with a clock the test moves. */
export async function httpHarness(options: { auth?: AuthSettings; settings?: Partial<RegistrySettings>; store?: Store } = {}): Promise<HttpHarness> {
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const { app, services } = await composeServer({ store: options.store ?? new MemoryStore(), clock, settings: options.settings, engine: sharedEngine(), logLevel: 'silent', auth: options.auth });
  const { registry } = services;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    clock,
    registry,
    call: async (user, method, path, body) => {
      const headers: Record<string, string> = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
      if (user !== undefined) headers.authorization = `Basic ${Buffer.from(`${user}:${user}-secret`).toString('base64')}`;
      const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    close: async () => {
      await app.close();
      await registry.close();
    },
  };
}
