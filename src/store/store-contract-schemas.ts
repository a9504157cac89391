import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { registerNext, schemaOf } from './store-contract-fixtures.ts';
import { StoreConflictError, type RegisterVersionInput, type Store } from './store.ts';

/** Schemas and subject versions (SchemaStore). */
export function schemaStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, schemas and versions: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const schema = schemaOf;
    const register = (subject: string, text: string, extra: Partial<RegisterVersionInput> = {}) => registerNext(store, subject, text, extra);

    it('gives a new schema id 1 and version 1, and reads it back by id and fingerprint', async () => {
      assert.deepEqual(await register('orders', '"string"'), { schemaId: 1, version: 1, newSchema: true });
      const byId = await store.getSchema(1);
      assert.equal(byId?.schema, '"string"');
      assert.equal(byId?.schemaType, 'AVRO');
      assert.deepEqual(await store.findSchemaByFingerprint('fp:"string"'), byId);
      assert.equal(await store.getSchema(2), undefined);
      assert.equal(await store.maxSchemaId(), 1);
    });

    it('reuses the id of a schema already stored, under another subject', async () => {
      await register('a', '"int"');
      assert.deepEqual(await register('b', '"int"'), { schemaId: 1, version: 1, newSchema: false });
      assert.deepEqual(await register('a', '"long"'), { schemaId: 2, version: 2, newSchema: true });
      assert.deepEqual((await store.getVersionsBySchemaId(1)).map((v) => `${v.subject}/${v.version}`), ['a/1', 'b/1']);
    });

    it('refuses a registration based on a stale view of the subject', async () => {
      await register('s', '"int"');
      await assert.rejects(
        store.registerVersion({ subject: 's', schema: schema('"long"'), expectedMaxVersion: 0, createdAt: 'now' }),
        StoreConflictError,
      );
      assert.equal((await store.getVersions('s')).length, 1);
    });

    it('keeps soft-deleted versions, lists subjects by liveness, never reuses their numbers', async () => {
      await register('s', '"int"');
      await register('s', '"long"');
      await register('t', '"float"');
      await store.softDeleteVersions('s', [1, 2]);
      assert.deepEqual((await store.getVersions('s')).map((v) => [v.version, v.deleted]), [[1, true], [2, true]]);
      assert.deepEqual(await store.listSubjects(), ['t']);
      assert.deepEqual(await store.listSubjects({ includeDeleted: true }), ['s', 't']);
      assert.deepEqual(await store.listSubjects({ deletedOnly: true }), ['s']);
      assert.deepEqual(await store.listSubjects({ includeDeleted: true, prefix: 't' }), ['t']);
      assert.deepEqual(await register('s', '"double"'), { schemaId: 4, version: 3, newSchema: true });
    });

    it('hard-deletes versions and the schemas nothing points at, without ever reusing an id', async () => {
      await register('s', '"int"');
      await register('s', '"long"');
      await store.hardDeleteVersions('s', [2]);
      assert.equal(await store.getSchema(2), undefined);
      assert.equal(await store.findSchemaByFingerprint('fp:"long"'), undefined);
      assert.deepEqual((await store.getVersions('s')).map((v) => v.version), [1]);
      assert.deepEqual(await register('s', '"double"'), { schemaId: 3, version: 2, newSchema: true });
      await store.hardDeleteVersions('s', [1, 2]);
      assert.deepEqual(await store.getVersions('s'), []);
      assert.deepEqual(await store.listSubjects({ includeDeleted: true }), []);
    });

    it('stores an explicit id and version (import) and continues after the highest id', async () => {
      assert.deepEqual(await register('imp', '"int"', { id: 100, version: 7, expectedMaxVersion: 0 }), { schemaId: 100, version: 7, newSchema: true });
      assert.equal(await store.maxSchemaId(), 100);
      assert.deepEqual(await register('imp', '"long"'), { schemaId: 101, version: 8, newSchema: true });
    });

    it('refuses an explicit id that holds another schema, or a schema stored under another id', async () => {
      await register('a', '"int"');
      await assert.rejects(register('b', '"long"', { id: 1 }), StoreConflictError);
      await assert.rejects(register('b', '"int"', { id: 5 }), StoreConflictError);
      await assert.rejects(register('a', '"long"', { version: 1, expectedMaxVersion: 1 }), StoreConflictError);
      assert.deepEqual(await store.listSubjects(), ['a']);
    });

    it('purges named soft-deleted versions in the same write', async () => {
      await register('s', '"int"');
      await store.softDeleteVersions('s', [1]);
      assert.deepEqual(await register('s', '"int"', { purgeVersions: [1] }), { schemaId: 1, version: 2, newSchema: false });
      assert.deepEqual((await store.getVersions('s')).map((v) => v.version), [2]);
    });

    it('finds the subject versions whose schema references a version', async () => {
      await register('ref', '"int"');
      const versions = await store.getVersions('main');
      await store.registerVersion({
        subject: 'main',
        schema: schema('{"type":"record"}', [{ name: 'r', subject: 'ref', version: 1 }]),
        expectedMaxVersion: versions.length,
        createdAt: 'now',
      });
      assert.deepEqual((await store.getSchema(2))?.references, [{ name: 'r', subject: 'ref', version: 1 }]);
      assert.deepEqual((await store.getReferrers('ref', 1)).map((v) => `${v.subject}/${v.version}`), ['main/1']);
      assert.deepEqual(await store.getReferrers('ref', 2), []);
      await store.softDeleteVersions('main', [1]);
      assert.equal((await store.getReferrers('ref', 1))[0].deleted, true);
      await store.hardDeleteVersions('main', [1]);
      assert.deepEqual(await store.getReferrers('ref', 1), []);
    });

    it('stores subjects with any characters', async () => {
      const odd = ['a/b', '100%', 'ünïcödé-✓', 'x'.repeat(4000), ' spaced '];
      for (const subject of odd) await register(subject, `"string"`);
      assert.deepEqual(await store.listSubjects(), [...odd].sort());
      assert.deepEqual((await store.listAllVersions('ü')).map((v) => v.subject), ['ünïcödé-✓']);
    });
    it('reads one version with its schema: a number, or latest (the newest live, else the newest)', async () => {
      await register('s', '"int"');
      await register('s', '"long"');
      await store.softDeleteVersions('s', [2]);
      const versions = await store.getVersions('s');
      assert.deepEqual(await store.getVersionWithSchema('s', 'latest'), { version: versions[0], schema: await store.getSchema(1) });
      assert.deepEqual(await store.getVersionWithSchema('s', 2), { version: versions[1], schema: await store.getSchema(2) });
      assert.equal(await store.getVersionWithSchema('s', 3), undefined);
      await store.softDeleteVersions('s', [1]);
      assert.equal((await store.getVersionWithSchema('s', 'latest'))?.version.version, 2);
      assert.equal(await store.getVersionWithSchema('none', 'latest'), undefined);
    });
  });
}
