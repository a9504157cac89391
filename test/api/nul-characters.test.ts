import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { PostgresStore } from '../../src/store/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/start-server.ts';

/**
 * NUL is the one character PostgreSQL cannot hold in text, nor take as a
 * query parameter: wherever a client can put one, every store answers the
 * same 4xx (or keeps it, escaped inside JSON), never a 500.
 */
const STORES: Array<[string, string | false, () => Promise<Store>]> = [
  ['memory', false, async () => new MemoryStore()],
  ['SQLite', false, async () => new SqliteStore(join(tempDir(), 'registry.db'))],
  ['PostgreSQL', POSTGRES_SKIP, () => PostgresStore.open(freshPostgresUrl())],
];

let h: HttpHarness;

for (const [name, skip, open] of STORES) describe(`NUL characters: ${name}`, { skip }, () => {
  beforeEach(async () => {
    h = await httpHarness({ auth: testAuth(), store: await open() });
  });
  afterEach(() => h.close());

  it('in a subject of any route: 42208, reads included', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/subjects/a%00b/versions'],
      ['GET', '/subjects/a%00b/versions/1'],
      ['POST', '/subjects/a%00b', { schema: '"string"' }],
      ['POST', '/subjects/a%00b/versions', { schema: '"string"' }],
      ['DELETE', '/subjects/a%00b'],
      ['GET', '/config/a%00b'],
      ['GET', '/mode/a%00b'],
      ['POST', '/compatibility/subjects/a%00b/versions', { schema: '"string"' }],
      ['GET', '/governance/subjects/a%00b'],
      ['GET', '/governance/subjects/a%00b/reports'],
      ['GET', '/governance/subjects/a%00b/compat-ids'],
    ];
    for (const [method, path, body] of routes) {
      const res = await h.call('root', method, path, body);
      assert.equal(res.status, 422, `${method} ${path}: ${res.text}`);
      assert.equal(res.body.error_code, 42208, `${method} ${path}`);
    }
  });

  it('raw in a schema or a reference: 42201; escaped inside JSON text: kept as written', async () => {
    const proto = { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\n// a\u0000b\nmessage M { string a = 1; }\n' };
    const raw = await h.call('walt', 'POST', '/subjects/p/versions', proto);
    assert.deepEqual([raw.status, raw.body.error_code], [422, 42201], raw.text);
    assert.match(raw.body.message, /NUL character \(U\+0000\) at offset 23/);
    const ref = await h.call('walt', 'POST', '/subjects/r/versions', { schemaType: 'JSON', schema: '{"type":"string"}', references: [{ name: 'a\u0000b', subject: 'j', version: 1 }] });
    assert.deepEqual([ref.status, ref.body.error_code], [422, 42201], ref.text);
    const escaped = '{"type":"string","description":"a\\u0000b"}';
    assert.equal((await h.call('walt', 'POST', '/subjects/j/versions', { schemaType: 'JSON', schema: escaped })).status, 200);
    assert.equal((await h.call('rita', 'GET', '/subjects/j/versions/1/schema')).text, escaped);
    const cr = await h.call('alice', 'POST', '/governance/change-requests', { title: 'a\u0000b', reference: 'r', schemas: [{ subject: 'x', schemaType: 'AVRO', schema: '"string"' }] });
    assert.equal(cr.status, 201, cr.text);
    assert.equal((await h.call('rita', 'GET', `/governance/change-requests/${cr.body.id}`)).body.title, 'a\u0000b');
  });
});
