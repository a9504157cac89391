import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { apiHarness, avroRecord, idv, type ApiHarness } from '../helpers/api-harness.ts';

let api: ApiHarness;
beforeEach(async () => {
  api = await apiHarness({ settings: { compatibilityLevel: 'NONE' } });
});
afterEach(() => api.close());

const v = (n: number) => avroRecord(n);

describe('reading schemas', () => {
  it('serves a schema by id, its raw text, its subjects and versions', async () => {
    await api.register('a', v(1));
    await api.register('b', v(1));
    const byId = await api.request('GET', '/schemas/ids/1');
    assert.equal(byId.status, 200);
    assert.match(String(byId.headers['content-type']), /application\/vnd\.schemaregistry\.v1\+json/);
    assert.deepEqual(byId.body, { schema: JSON.stringify(v(1)) });
    assert.equal((await api.request('GET', '/schemas/ids/1/schema')).text, JSON.stringify(v(1)));
    assert.deepEqual((await api.request('GET', '/schemas/ids/1/subjects')).body, ['a', 'b']);
    assert.deepEqual((await api.request('GET', '/schemas/ids/1/versions')).body, [
      { subject: 'a', version: 1 },
      { subject: 'b', version: 1 },
    ]);
    assert.equal((await api.request('GET', '/schemas/ids/1?fetchMaxId=true')).body.maxId, 1);
    assert.equal((await api.request('GET', '/schemas/ids/2')).body.error_code, 40403);
    assert.equal((await api.request('GET', '/schemas/ids/abc')).body.error_code, 40403);
    assert.equal((await api.request('GET', '/schemas/ids/2/subjects')).body.error_code, 40403);
  });

  it('hides soft-deleted subject versions of an id unless ?deleted=true', async () => {
    await api.register('a', v(1));
    await api.register('b', v(1));
    await api.request('DELETE', '/subjects/b/versions/1');
    assert.deepEqual((await api.request('GET', '/schemas/ids/1/subjects')).body, ['a']);
    assert.deepEqual((await api.request('GET', '/schemas/ids/1/subjects?deleted=true')).body, ['a', 'b']);
    assert.deepEqual((await api.request('GET', '/schemas/ids/1/versions?deleted=true&offset=1&limit=1')).body, [{ subject: 'b', version: 1 }]);
  });

  it('lists the supported schema types', async () => {
    assert.deepEqual(new Set((await api.request('GET', '/schemas/types')).body), new Set(['AVRO', 'JSON', 'PROTOBUF']));
  });

  it('reads versions by number, latest and -1, and the raw schema of a version', async () => {
    await api.register('s', v(1));
    await api.register('s', v(2));
    const latest = (await api.request('GET', '/subjects/s/versions/latest')).body;
    assert.deepEqual(latest, { subject: 's', version: 2, id: 2, schema: JSON.stringify(v(2)) });
    assert.deepEqual((await api.request('GET', '/subjects/s/versions/-1')).body, latest);
    assert.equal((await api.request('GET', '/subjects/s/versions/1')).body.id, 1);
    assert.equal((await api.request('GET', '/subjects/s/versions/latest/schema')).text, JSON.stringify(v(2)));
    assert.equal((await api.request('GET', '/subjects/s/versions/3')).body.error_code, 40402);
    assert.equal((await api.request('GET', '/subjects/nope/versions/1')).body.error_code, 40401);
    assert.equal((await api.request('GET', '/subjects/nope/versions')).body.error_code, 40401);
  });

  it('lists subjects with prefixes, deleted ones, and pages', async () => {
    for (const s of ['orders-value', 'orders-key', 'users-value']) await api.register(s, v(s.length));
    await api.request('DELETE', '/subjects/users-value');
    assert.deepEqual((await api.request('GET', '/subjects')).body, ['orders-key', 'orders-value']);
    assert.deepEqual((await api.request('GET', '/subjects?deleted=true')).body, ['orders-key', 'orders-value', 'users-value']);
    assert.deepEqual((await api.request('GET', '/subjects?deletedOnly=true')).body, ['users-value']);
    assert.deepEqual((await api.request('GET', '/subjects?subjectPrefix=orders-v')).body, ['orders-value']);
    assert.deepEqual((await api.request('GET', '/subjects?offset=1&limit=1')).body, ['orders-value']);
    assert.equal((await api.request('GET', '/subjects?limit=many')).body.error_code, 400);
  });

  it('lists schemas, optionally the latest per subject', async () => {
    await api.register('a', v(1));
    await api.register('a', v(2));
    await api.register('b', v(3));
    assert.deepEqual((await api.request('GET', '/schemas')).body.map((s: { id: number }) => s.id), [1, 2, 3]);
    assert.deepEqual((await api.request('GET', '/schemas?latestOnly=true')).body.map((s: { id: number }) => s.id), [2, 3]);
    assert.deepEqual((await api.request('GET', '/schemas?subjectPrefix=b')).body.map((s: { subject: string }) => s.subject), ['b']);
  });
});

describe('deleting versions (Confluent order and codes)', () => {
  it('soft-deletes, hides, then permanently deletes a version; versions are never reused after a soft delete', async () => {
    await api.register('s', v(1));
    await api.register('s', v(2));
    const permanentFirst = await api.request('DELETE', '/subjects/s/versions/2?permanent=true');
    assert.equal(permanentFirst.body.error_code, 40407);
    assert.equal((await api.request('DELETE', '/subjects/s/versions/2')).body, 2);
    assert.deepEqual((await api.request('GET', '/subjects/s/versions')).body, [1]);
    assert.deepEqual((await api.request('GET', '/subjects/s/versions?deleted=true')).body, [1, 2]);
    assert.deepEqual((await api.request('GET', '/subjects/s/versions?deletedOnly=true')).body, [2]);
    assert.equal((await api.request('GET', '/subjects/s/versions/2')).body.error_code, 40402);
    const deleted = (await api.request('GET', '/subjects/s/versions/2?deleted=true')).body;
    assert.equal(deleted.deleted, true);
    assert.equal((await api.request('DELETE', '/subjects/s/versions/2')).body.error_code, 40406);
    assert.equal((await api.request('DELETE', '/subjects/s/versions/2?permanent=true')).body, 2);
    assert.equal((await api.request('GET', '/subjects/s/versions/2?deleted=true')).body.error_code, 40402);
    assert.equal((await api.request('DELETE', '/subjects/s/versions/2?permanent=true')).body.error_code, 40402);
    assert.equal((await api.request('GET', '/schemas/ids/2')).body.error_code, 40403, 'a schema no version uses is gone');
    assert.equal((await api.request('DELETE', '/subjects/s/versions/latest')).body, 1);
    assert.equal((await api.request('GET', '/subjects/s/versions')).body.error_code, 40401);
    // Re-registering: the soft-deleted version 1 of the same schema is dropped, numbering continues.
    assert.deepEqual(idv((await api.register('s', v(1))).body), { id: 1, version: 2 });
    assert.deepEqual((await api.request('GET', '/subjects/s/versions?deleted=true')).body, [2]);
  });

  it('continues numbering after soft-deleted versions of other schemas', async () => {
    await api.register('s', v(1));
    await api.register('s', v(2));
    await api.request('DELETE', '/subjects/s');
    assert.deepEqual(idv((await api.register('s', v(3))).body), { id: 3, version: 3 });
    assert.deepEqual((await api.request('GET', '/subjects/s/versions?deleted=true')).body, [1, 2, 3]);
  });

  it('answers 40401 for a missing subject and 42202 for a malformed version', async () => {
    assert.equal((await api.request('DELETE', '/subjects/none/versions/1')).body.error_code, 40401);
    await api.register('s', v(1));
    assert.equal((await api.request('DELETE', '/subjects/s/versions/0')).body.error_code, 42202);
    assert.equal((await api.request('DELETE', '/subjects/s/versions/9')).body.error_code, 40402);
  });

  it('refuses to delete a version another schema references (42206), soft or permanent', async () => {
    await api.register('ref', { type: 'record', name: 'ns.Ref', fields: [] });
    await api.register('user', { type: 'record', name: 'ns.User', fields: [{ name: 'r', type: 'ns.Ref' }] }, { references: [{ name: 'ns.Ref', subject: 'ref', version: 1 }] });
    const refused = await api.request('DELETE', '/subjects/ref/versions/1');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error_code, 42206);
    assert.equal((await api.request('DELETE', '/subjects/ref')).body.error_code, 42206);
    // Once the referrer is only soft-deleted, a soft delete is allowed but a permanent one is not.
    await api.request('DELETE', '/subjects/user/versions/1');
    assert.equal((await api.request('DELETE', '/subjects/ref/versions/1')).body, 1);
    assert.equal((await api.request('DELETE', '/subjects/ref/versions/1?permanent=true')).body.error_code, 42206);
    await api.request('DELETE', '/subjects/user/versions/1?permanent=true');
    assert.equal((await api.request('DELETE', '/subjects/ref/versions/1?permanent=true')).body, 1);
  });
});

describe('deleting subjects', () => {
  it('soft-deletes, refuses a second soft delete (40404), refuses permanent first (40405), then deletes for good', async () => {
    await api.register('s', v(1));
    await api.register('s', v(2));
    assert.equal((await api.request('DELETE', '/subjects/s?permanent=true')).body.error_code, 40405);
    assert.deepEqual((await api.request('DELETE', '/subjects/s')).body, [1, 2]);
    assert.equal((await api.request('GET', '/subjects/s/versions/latest')).body.error_code, 40401);
    assert.equal((await api.request('DELETE', '/subjects/s')).body.error_code, 40404);
    assert.deepEqual((await api.request('DELETE', '/subjects/s?permanent=true')).body, [1, 2]);
    assert.equal((await api.request('DELETE', '/subjects/s?permanent=true')).body.error_code, 40401);
    assert.deepEqual((await api.request('GET', '/subjects?deleted=true')).body, []);
  });

  it('removes a subject\u2019s config and mode when its last version is permanently deleted', async () => {
    await api.register('s', v(1));
    await api.request('PUT', '/config/s', { compatibility: 'FULL' });
    await api.request('PUT', '/mode/s', { mode: 'READWRITE' });
    await api.request('DELETE', '/subjects/s');
    assert.equal((await api.request('GET', '/config/s')).body.compatibilityLevel, 'FULL', 'a soft delete keeps settings');
    await api.request('DELETE', '/subjects/s?permanent=true');
    assert.equal((await api.request('GET', '/config/s')).body.error_code, 40408);
    assert.equal((await api.request('GET', '/mode/s')).body.error_code, 40409);
  });

  it('allows deleting a subject whose versions reference each other', async () => {
    await api.register('self', { type: 'record', name: 'ns.A', fields: [] });
    await api.register('self', { type: 'record', name: 'ns.B', fields: [{ name: 'a', type: 'ns.A' }] }, { references: [{ name: 'ns.A', subject: 'self', version: 1 }] });
    assert.deepEqual((await api.request('DELETE', '/subjects/self')).body, [1, 2]);
    assert.deepEqual((await api.request('DELETE', '/subjects/self?permanent=true')).body, [1, 2]);
  });
});
