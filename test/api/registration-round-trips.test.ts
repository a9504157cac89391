import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { apiHarness } from '../helpers/api-harness.ts';
import { tempDir } from '../helpers/start-server.ts';

/** A store that counts the calls made to it (the work a `locked` unit runs goes through the same proxy). */
function counting(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'locked' || key === 'close') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return value.apply(receiver, args);
      };
    },
  });
  return { store: proxy, calls };
}

const record = (fields: number) =>
  JSON.stringify({ type: 'record', name: 'Order', fields: Array.from({ length: fields }, (_, i) => ({ name: `f${i}`, type: 'string', default: '' })) });

for (const [name, make] of [
  ['memory', () => new MemoryStore()],
  ['SQLite', () => new SqliteStore(`${tempDir()}/registry.db`)],
] as const) {
  describe(`store calls per registration: ${name}`, () => {
    it('a new version: the subject read once, then one write (the stored versions it is judged against are parsed once and kept)', async () => {
      const { store, calls } = counting(make());
      const api = await apiHarness({ store });
      try {
        await api.request('PUT', '/config/orders', { compatibility: 'BACKWARD_TRANSITIVE' });
        for (let n = 1; n <= 4; n++) assert.equal((await api.register('orders', record(n))).status, 200);
        calls.length = 0;
        assert.equal((await api.register('orders', record(5))).status, 200);
        assert.deepEqual(calls, ['loadSubject', 'registerVersion']);
      } finally {
        await api.close();
      }
    });

    it('a schema the subject already has: one read, no write; a strict refusal: one read, one write of its evidence', async () => {
      const { store, calls } = counting(make());
      const api = await apiHarness({ store });
      try {
        assert.equal((await api.register('orders', record(2))).status, 200);
        calls.length = 0;
        assert.equal((await api.register('orders', record(2))).status, 200);
        assert.deepEqual(calls, ['loadSubject']);

        // The refusal needs a strict subject, and strict needs its audit entry.
        assert.equal((await api.request('PUT', '/governance/subjects/orders/mode', { mode: 'strict', user: 'ops' })).status, 200);
        const audit = await api.request('POST', '/governance/audit-log', {
          schemaBundleSha: '0'.repeat(64), changeRequest: 'test', validationWindow: 'none', notes: 'strict for the test', subjects: ['orders'], user: 'ops',
        });
        assert.equal(audit.status, 200, audit.text);
        const breaking = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'f0', type: 'long' }] });
        calls.length = 0;
        const refused = await api.register('orders', breaking);
        assert.equal(refused.status, 409, refused.text);
        assert.equal(refused.body.error_code, 409);
        assert.deepEqual(calls, ['loadSubject', 'recordRefusal']);
      } finally {
        await api.close();
      }
    });
  });
}
