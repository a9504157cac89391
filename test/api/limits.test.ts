import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { WorkerEngine } from '../../src/engine/worker-engine.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { StoreConflictError } from '../../src/store/store.ts';
import { apiHarness, type ApiResponse } from '../helpers/api-harness.ts';

/** Every limit is a documented error (docs/operations/limits.md): a 4xx or a retryable 503, never a 500. */
function refused(res: ApiResponse, status: number, code: number, message?: RegExp) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error_code, code, res.text);
  if (message) assert.match(res.body.message, message);
}
const bigAvro = (n: number, fields = 6000) =>
  JSON.stringify({ type: 'record', name: `R${n}`, fields: Array.from({ length: fields }, (_, i) => ({ name: `f${n}_${i}_abcdefghijklmnop`, type: ['null', 'string'], default: null })) });

describe('schemas the registry refuses at registration, with where and why', () => {
  it('refuses patterns the linear-time engine cannot run, naming their path; accepts leading lookaheads', async () => {
    const api = await apiHarness();
    try {
      const register = (schema: unknown) => api.register('p', schema, { schemaType: 'JSON' });
      refused(await register({ type: 'object', patternProperties: { '(': {} } }), 422, 42201, /at #\/patternProperties\/\(: the pattern "\(" is not a valid regular expression/);
      refused(await register({ type: 'object', properties: { a: { type: 'string', pattern: '(a)\\1' } } }), 422, 42201, /at #\/properties\/a\/pattern: .*backreferences/);
      refused(await register({ propertyNames: { pattern: 'x(?=y)' } }), 422, 42201, /at #\/propertyNames\/pattern: .*lookaround/);
      assert.equal((await register({ type: 'string', pattern: '^(?!\\s*$).+' })).status, 200, 'the QMTL bundle’s "not blank"');
      assert.equal((await register({ enum: [{ pattern: '(' }] })).status, 200, 'a value in enum is data, not a pattern');
    } finally {
      await api.close();
    }
  });

  it('refuses numbers JSON cannot hold, and references that lead back to themselves', async () => {
    const api = await apiHarness();
    try {
      refused(await api.register('n', '{"maxLength":1e400}', { schemaType: 'JSON' }), 422, 42201, /at #\/maxLength: a number is too large/);
      refused(await api.register('n', '{"type":"record","name":"R","fields":[{"name":"f","type":"double","default":-1e999}]}'), 422, 42201, /at #\/fields\/0\/default/);
      refused(await api.register('r', '{"$ref":"#"}', { schemaType: 'JSON' }), 422, 42201, /the compatibility checker cannot read it: \$ref '#' refers to itself/);
      assert.deepEqual((await api.request('GET', '/subjects')).body, [], 'nothing was registered');
    } finally {
      await api.close();
    }
  });

  it('refuses protobuf messages with more fields than it parses in reasonable time', async () => {
    const api = await apiHarness();
    try {
      const proto = (n: number) => `syntax = "proto3";\nmessage M {\n${Array.from({ length: n }, (_, i) => `  string f${i} = ${i + 1};`).join('\n')}\n}\n`;
      refused(await api.register('m', proto(2001), { schemaType: 'PROTOBUF' }), 422, 42201, /declares more than 2000 fields or values/);
      assert.equal((await api.register('m', proto(300), { schemaType: 'PROTOBUF' })).status, 200);
    } finally {
      await api.close();
    }
  });

  it('refuses references nested beyond 32 levels', async () => {
    const api = await apiHarness();
    try {
      for (let i = 0; i <= 32; i++) {
        const references = i === 0 ? [] : [{ name: `l${i - 1}.json`, subject: `l${i - 1}`, version: 1 }];
        const schema = i === 0 ? { type: 'string' } : { $ref: `l${i - 1}.json` };
        assert.equal((await api.register(`l${i}`, schema, { schemaType: 'JSON', references })).status, 200, `level ${i}`);
      }
      refused(
        await api.register('l33', { $ref: 'l32.json' }, { schemaType: 'JSON', references: [{ name: 'l32.json', subject: 'l32', version: 1 }] }),
        422,
        42201,
        /references nest more than 32 levels deep/,
      );
    } finally {
      await api.close();
    }
  });
});

describe('a subject holding a schema stored before these rules', () => {
  it('still registers, checks and diffs: the old pattern matches nothing instead of failing every check', async () => {
    const store = new MemoryStore();
    const legacy = '{"type":"object","patternProperties":{"(":{"type":"integer"},"^(?=a)b":{}}}';
    await store.registerVersion({ subject: 'legacy', schema: { schemaType: 'JSON', schema: legacy, references: [], fingerprint: 'legacy' }, expectedMaxVersion: 0, createdAt: '2026-01-01T00:00:00Z' });
    const api = await apiHarness({ store });
    try {
      const next = { type: 'object', properties: { id: { type: 'string' } } };
      assert.equal((await api.request('POST', '/compatibility/subjects/legacy/versions/latest', { schemaType: 'JSON', schema: JSON.stringify(next) })).status, 200);
      assert.equal((await api.register('legacy', next, { schemaType: 'JSON' })).status, 200);
      assert.equal((await api.request('GET', '/governance/subjects/legacy/diff?from=1&to=2')).status, 200);
    } finally {
      await api.close();
    }
  });
});

describe('the schema engine’s budgets', () => {
  const engines: WorkerEngine[] = [];
  after(() => Promise.all(engines.map((e) => e.close())));

  it('stops a check that outruns engine.checkTimeout with 42260, and the next check runs on a fresh worker', async () => {
    const engine = new WorkerEngine({ workers: 1, timeoutMs: 100 });
    engines.push(engine);
    const api = await apiHarness({ engine });
    try {
      assert.equal((await api.register('big', bigAvro(0, 200))).status, 200);
      refused(
        await api.request('POST', '/compatibility/subjects/big/versions/latest', { schema: bigAvro(1, 12_000) }),
        422,
        42260,
        /took longer than 0\.1 s \(engine\.checkTimeout\)/,
      );
      assert.equal((await api.request('POST', '/compatibility/subjects/big/versions/latest', { schema: bigAvro(2, 10) })).status, 200);
    } finally {
      await api.close();
    }
  });

  /** A version stored by an earlier server on the same store: this one has nothing of it cached, so its checks read it from the store. */
  async function storedBefore(store: GatedStore, subject: string, schema: unknown): Promise<void> {
    const earlier = await apiHarness({ store });
    assert.equal((await earlier.register(subject, schema)).status, 200);
    await earlier.app.close();
  }

  /** A store whose schema reads wait on `gate` when one is set: slow, or never answering. */
  class GatedStore extends MemoryStore {
    gate?: () => Promise<void>;
    override async getSchema(id: number) {
      await this.gate?.();
      return super.getSchema(id);
    }
  }

  it('stops a check’s clock while it waits on the store: a slow store is not a costly schema', async () => {
    const store = new GatedStore();
    const engine = new WorkerEngine({ workers: 1, timeoutMs: 100 });
    engines.push(engine);
    await storedBefore(store, 'slow', bigAvro(0, 10));
    const api = await apiHarness({ engine, store });
    try {
      store.gate = () => new Promise((resolve) => setTimeout(resolve, 300));
      const res = await api.request('POST', '/compatibility/subjects/slow/versions/latest', { schema: bigAvro(1, 10) });
      assert.equal(res.status, 200, res.text);
    } finally {
      await api.close();
    }
  });

  it('stops a check whose store does not answer at all: 503 50304, and the next check runs', async () => {
    const store = new GatedStore();
    const engine = new WorkerEngine({ workers: 1, timeoutMs: 100, storeWaitMs: 300 });
    engines.push(engine);
    await storedBefore(store, 'stalled', bigAvro(0, 10));
    const api = await apiHarness({ engine, store });
    try {
      store.gate = () => new Promise(() => {});
      const res = await api.request('POST', '/compatibility/subjects/stalled/versions/latest', { schema: bigAvro(1, 10) });
      refused(res, 503, 50304, /did not answer within 0\.3 s/);
      assert.equal(res.headers['retry-after'], '5');
      store.gate = undefined;
      assert.equal((await api.request('POST', '/compatibility/subjects/stalled/versions/latest', { schema: bigAvro(2, 10) })).status, 200);
    } finally {
      await api.close();
    }
  });

  it('answers 503 with Retry-After when more checks wait than engine.maxQueue', async () => {
    const engine = new WorkerEngine({ workers: 1, maxQueue: 1 });
    engines.push(engine);
    const api = await apiHarness({ engine });
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => api.register(`q${i}`, bigAvro(i, 2000))));
      const busy = answers.filter((r) => r.status === 503);
      assert.ok(busy.length > 0 && answers.some((r) => r.status === 200), answers.map((r) => r.status).join(' '));
      refused(busy[0], 503, 50301, /checks are already waiting/);
      assert.equal(busy[0].headers['retry-after'], '1');
    } finally {
      await api.close();
    }
  });
});

describe('request bodies and writes', () => {
  it('refuses a body that would take the bodies in flight past server.maxBodyBytesInFlight, with 503 and Retry-After', async () => {
    const api = await apiHarness({ server: { maxBodyBytesInFlight: 1024 * 1024 } });
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => api.register(`b${i}`, bigAvro(i, 4000))));
      const busy = answers.find((r) => r.status === 503);
      assert.ok(busy, answers.map((r) => r.status).join(' '));
      refused(busy, 503, 50302, /server\.maxBodyBytesInFlight/);
      assert.equal(busy.headers['retry-after'], '1');
      assert.ok(answers.some((r) => r.status === 200));
      assert.equal((await api.register('after', bigAvro(9, 4000))).status, 200, 'the budget is given back');
    } finally {
      await api.close();
    }
  });

  it('answers a write that keeps conflicting with another writer 503 and Retry-After, not 500', async () => {
    // A store whose subject some other writer changes before every write.
    class ContendedStore extends MemoryStore {
      override async registerVersion(): Promise<never> {
        throw new StoreConflictError('subject changed');
      }
    }
    const api = await apiHarness({ store: new ContendedStore() });
    try {
      const res = await api.register('s', '"string"');
      refused(res, 503, 50303, /Nothing was written; retry/);
      assert.equal(res.headers['retry-after'], '1');
    } finally {
      await api.close();
    }
  });
});

describe('sample records of a change request', () => {
  it('are kept beside it: views count them, lists leave out the bundle, and its dry-run validates them', async () => {
    const api = await apiHarness();
    try {
      const schema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
      const created = await api.request('POST', '/governance/change-requests', {
        user: 'alice', title: 'orders', reference: 'https://git.example/pr/1',
        schemas: [{ subject: 'orders', schemaType: 'JSON', schema: JSON.stringify(schema) }],
        samples: { orders: [{ id: 'o-1' }, { no: 'id' }, { id: 'o-3' }] },
      });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.body.sampleCounts, { orders: 3 });
      assert.equal(created.body.samples, undefined);
      await api.request('POST', '/governance/change-requests', { user: 'alice', title: 'second', reference: 'r2', schemas: [{ subject: 'b', schema: '"string"' }] });
      const list = (await api.request('GET', '/governance/change-requests?limit=1')).body;
      assert.deepEqual(list.map((cr: { title: string; subjects: string[]; schemas?: unknown }) => [cr.title, cr.subjects, cr.schemas]), [['second', ['b'], undefined]]);
      assert.equal((await api.request('GET', '/governance/change-requests?offset=1')).body[0].title, 'orders');
      const dry = (await api.request('POST', `/governance/change-requests/${created.body.id}/dry-run`, { user: 'alice' })).body;
      assert.deepEqual([dry.state, dry.dryRun.subjects[0].samples.invalid], ['draft', 1]);
      assert.match(dry.dryRun.blockers[0], /1 of 3 sample records do not validate/);
    } finally {
      await api.close();
    }
  });
});
