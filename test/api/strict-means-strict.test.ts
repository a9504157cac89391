import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { join } from 'node:path';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { PostgresStore } from '../../src/store/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { canaryChangeRequest, priceV1, priceV2 } from '../helpers/governance-fixtures.ts';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/start-server.ts';
import { httpHarness, testAuth, type HttpHarness, type HttpResponse } from '../helpers/http-harness.ts';

/**
 * Every route around the governed path that issue 11 measured, each closed
 * with its own code: what a writer alone could do to a strict subject, what
 * an admin could do without an audit entry, and the canary window.
 */
const HOUR = 3_600_000;
const schema = (s: unknown) => ({ schema: JSON.stringify(s) });
/** Reads price v1/v2 data? No: amount changed type. */
const incompatible = { ...priceV1, fields: [{ name: 'amount', type: 'string' }] };
const priceV3 = { ...priceV2, fields: [...priceV2.fields, { name: 'note', type: 'string', default: '' }] };

let h: HttpHarness;

function refused(res: HttpResponse, status: number, code: number, message?: RegExp) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error_code, code, res.text);
  if (message) assert.match(res.body.message, message);
}

/** A bundle of price alone: nothing references it, so nothing but governance stands in the way of deleting it. */
const priceOnly = { schemas: [{ subject: 'price', schemaType: 'AVRO', schema: JSON.stringify(priceV2) }] };

/** price promoted to strict through a change request: v1 registered, v2 from the bundle. */
async function promotedPrice(): Promise<string> {
  const path = await canaryChangeRequest(h, priceOnly);
  h.clock.advance(49 * HOUR);
  const promoted = await h.call('bob', 'POST', `${path}/promote`, { notes: 'clean' });
  assert.equal(promoted.status, 200, promoted.text);
  return path;
}

const status = async (subject = 'price') => (await h.call('rita', 'GET', `/governance/subjects/${subject}`)).body;

/** Each rule holds on every store: the rules live above them, the locks and records in them. */
const STORES: Array<[string, string | false, () => Promise<Store>]> = [
  ['memory', false, async () => new MemoryStore()],
  ['SQLite', false, async () => new SqliteStore(join(tempDir(), 'registry.db'))],
  ['PostgreSQL', POSTGRES_SKIP, () => PostgresStore.open(freshPostgresUrl())],
];

for (const [name, skip, open] of STORES) describe(`strict means strict: ${name}`, { skip }, () => {
  beforeEach(async () => {
    h = await httpHarness({ auth: testAuth(), store: await open() });
  });
  afterEach(() => h.close());

  describe('a writer, alone, on a strict subject', () => {
    it('cannot delete it or any of its versions: 40961', async () => {
      await promotedPrice();
      refused(await h.call('walt', 'DELETE', '/subjects/price'), 409, 40961, /is strict: soft-deleting the subject would let a schema its consumers cannot read in/);
      refused(await h.call('walt', 'DELETE', '/subjects/price/versions/latest'), 409, 40961, /soft-deleting version 2/);
      refused(await h.call('walt', 'DELETE', '/subjects/price/versions/1'), 409, 40961);
      assert.deepEqual((await h.call('rita', 'GET', '/subjects/price/versions')).body, [1, 2]);
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(incompatible)), 409, 409);
      const after = await status();
      assert.equal(after.audited, true);
      assert.equal(after.failures.strict, 1, 'the refusal is a durable failure event, on every store');
    });

    it('finds an incompatible schema refused against soft-deleted versions too', async () => {
      await promotedPrice();
      // An admin's delete is allowed, and leaves the subject unaudited until an entry records why.
      assert.equal((await h.call('root', 'DELETE', '/subjects/price/versions/2')).status, 200);
      const unaudited = await status();
      assert.equal(unaudited.audited, false);
      assert.match(unaudited.unauditedBecause, /^soft-deleting version 2 by root on 2026-/);
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(priceV3)), 409, 40950, /soft-deleting version 2 by root/);
      await h.call('root', 'POST', '/governance/audit-log', { schemaBundleSha: 'd'.repeat(64), changeRequest: 'ops/2', validationWindow: 'none', notes: 'v2 withdrawn', subjects: ['price'] });
      // v2 (deleted) still counts: a schema v2's readers could not read is refused, though v1 alone would accept it.
      const dropsCurrency = { ...priceV1, fields: [{ name: 'amount', type: 'double' }, { name: 'currency', type: 'int', default: 0 }] };
      const res = await h.call('walt', 'POST', '/subjects/price/versions', schema(dropsCurrency));
      refused(res, 409, 409, /oldSchemaVersion: 2/);
      assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', schema(priceV3))).status, 200);
    });
  });

  describe('withdrawn versions', () => {
    it('compare as well as the live latest under a latest-only level', async () => {
      await promotedPrice();
      assert.equal((await h.call('root', 'DELETE', '/subjects/price/versions/2')).status, 200);
      await h.call('root', 'POST', '/governance/audit-log', { schemaBundleSha: 'd'.repeat(64), changeRequest: 'ops/2', validationWindow: 'none', notes: 'v2 withdrawn', subjects: ['price'] });
      // Reads v2 data (which has a currency), not v1's: the live latest is v1, so this must not pass for comparing with v2 alone.
      const needsCurrency = { ...priceV1, fields: [{ name: 'amount', type: 'double' }, { name: 'currency', type: 'string' }] };
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(needsCurrency)), 409, 409, /oldSchemaVersion: 1/);
      const check = await h.call('rita', 'POST', '/compatibility/subjects/price/versions?verbose=true', schema(needsCurrency));
      assert.equal(check.body.is_compatible, false, check.text);
      // "latest", as Confluent's clients ask it, means the same to a governed subject: the live latest and what was withdrawn after it.
      const currencyInt = { ...priceV1, fields: [{ name: 'amount', type: 'double' }, { name: 'currency', type: 'int', default: 0 }] };
      assert.equal((await h.call('rita', 'POST', '/compatibility/subjects/price/versions/latest', schema(currencyInt))).body.is_compatible, false);
      assert.equal((await h.call('rita', 'POST', '/compatibility/subjects/price/versions/1', schema(currencyInt))).body.is_compatible, true, 'a numbered version is that version alone');
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(currencyInt)), 409, 409, /oldSchemaVersion: 2/);
    });

    it('stay when their schema is registered again: a writer cannot erase one that way', async () => {
      await promotedPrice();
      assert.equal((await h.call('root', 'DELETE', '/subjects/price/versions/2')).status, 200);
      await h.call('root', 'POST', '/governance/audit-log', { schemaBundleSha: 'd'.repeat(64), changeRequest: 'ops/2', validationWindow: 'none', notes: 'v2 withdrawn', subjects: ['price'] });
      assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', schema(priceV2))).body.version, 3);
      assert.deepEqual((await h.call('rita', 'GET', '/subjects/price/versions?deleted=true')).body, [1, 2, 3]);
    });
  });

  describe('imports', () => {
    /** price strict and audited while in IMPORT mode (set before it became strict). */
    async function strictInImport() {
      await h.call('walt', 'POST', '/subjects/price/versions', schema(priceV1));
      assert.equal((await h.call('root', 'PUT', '/mode/price?force=true', { mode: 'IMPORT' })).status, 200);
      assert.equal((await h.call('root', 'PUT', '/governance/subjects/price/mode', { mode: 'strict' })).status, 200);
      await h.call('root', 'POST', '/governance/audit-log', { schemaBundleSha: 'e'.repeat(64), changeRequest: 'ops/3', validationWindow: 'none', notes: 'made strict', subjects: ['price'] });
      assert.equal((await status()).audited, true);
    }

    it('into a strict subject are refused for writers (40961), and leave it unaudited when an admin imports', async () => {
      await strictInImport();
      refused(await h.call('walt', 'POST', '/subjects/price/versions', { ...schema(incompatible), id: 99 }), 409, 40961, /importing schema id 99 unchecked/);
      assert.deepEqual((await h.call('rita', 'GET', '/subjects/price/versions')).body, [1]);
      assert.equal((await h.call('root', 'POST', '/subjects/price/versions', { ...schema(incompatible), id: 99 })).status, 200);
      assert.match((await status()).unauditedBecause, /^importing schema id 99 unchecked by root/);
    });
  });

  describe('the global strict mode', () => {
    it('recorded for one subject by an audit entry, keeps that subject strict and audited when the global mode changes', async () => {
      await h.call('walt', 'POST', '/subjects/price/versions', schema(priceV1));
      assert.equal((await h.call('root', 'PUT', '/governance/config', { validationMode: 'strict' })).status, 200);
      assert.equal((await status()).audited, false);
      await h.call('root', 'POST', '/governance/audit-log', { schemaBundleSha: 'f'.repeat(64), changeRequest: 'ops/4', validationWindow: 'none', notes: 'price reviewed', subjects: ['price'] });
      assert.deepEqual([(await status()).validationModeSource, (await status()).audited], ['subject', true]);
      // Canary and strict again: a new global decision, which the entry for price does not record; price keeps its own.
      await h.call('root', 'PUT', '/governance/config', { validationMode: 'canary' });
      await h.call('root', 'PUT', '/governance/config', { validationMode: 'strict' });
      const after = await status();
      assert.deepEqual([after.validationMode, after.validationModeSource, after.audited], ['strict', 'subject', true]);
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(incompatible)), 409, 409);
      assert.equal((await h.call('rita', 'GET', '/governance/audit-log/verify')).body.ok, true);
    });
  });

  describe('the canary window', () => {
    it('refuses deletes of its subjects, for writers and admins alike: 40962', async () => {
      const path = await canaryChangeRequest(h, priceOnly);
      const id = path.split('/').at(-1);
      refused(await h.call('walt', 'DELETE', '/subjects/price/versions/latest'), 409, 40962, new RegExp(`in the canary window of change request ${id}: soft-deleting version 2`));
      refused(await h.call('root', 'DELETE', '/subjects/price'), 409, 40962, /Mark the canary failed first/);
      refused(await h.call('root', 'PUT', '/config/price', { compatibility: 'NONE' }), 409, 40962);
      refused(await h.call('root', 'PUT', '/mode/price?force=true', { mode: 'IMPORT' }), 409, 40962);
      // What the window observes is unchanged: an incompatible registration is a failure, and promotion is refused.
      assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', schema(incompatible))).status, 200);
      h.clock.advance(49 * HOUR);
      refused(await h.call('bob', 'POST', `${path}/promote`, {}), 409, 40957);
    });

    it('keeps its subject’s mode: a mode set by hand is refused, for admins too (40962)', async () => {
      const path = await canaryChangeRequest(h, priceOnly);
      refused(await h.call('root', 'PUT', '/governance/subjects/price/mode', { mode: 'strict' }), 409, 40962, /setting its validation mode to strict by hand/);
      refused(await h.call('root', 'PUT', '/governance/subjects/price/mode', { mode: 'canary' }), 409, 40962);
      assert.equal((await status()).canaryOf, Number(path.split('/').at(-1)));
    });

    it('is one per subject: a second change request on it is blocked at dry-run and refused at apply (40962)', async () => {
      const second = (await h.call('alice', 'POST', '/governance/change-requests', { title: 'second', reference: 'r/2', ...priceOnly })).body;
      const secondPath = `/governance/change-requests/${second.id}`;
      assert.equal((await h.call('alice', 'POST', `${secondPath}/dry-run`)).status, 200);
      await h.call('bob', 'POST', `${secondPath}/approvals`, { role: 'data-platform', notes: 'ok' });
      await h.call('carol', 'POST', `${secondPath}/approvals`, { role: 'strategy-owner', notes: 'ok' });
      const first = await canaryChangeRequest(h, priceOnly);
      const firstId = first.split('/').at(-1);
      refused(await h.call('alice', 'POST', `${secondPath}/apply`), 409, 40962, new RegExp(`canary window of change request ${firstId}: applying change request ${second.id}`));
      const again = await h.call('alice', 'POST', `${secondPath}/dry-run`);
      assert.match(again.body.dryRun.blockers.join('\n'), new RegExp(`price: in the canary window of change request ${firstId}`));
    });

    it('must still hold every subject at promotion: one taken out of it refuses the promotion (40963)', async () => {
      const path = await canaryChangeRequest(h, priceOnly);
      // Out of the window by a route that no longer exists: the promotion checks rather than trusts.
      await h.registry.store.setSubjectGovernance('price', { validationMode: 'canary', audited: true, updatedAt: h.clock.now().toISOString(), updatedBy: 'db' });
      h.clock.advance(49 * HOUR);
      refused(await h.call('bob', 'POST', `${path}/promote`, {}), 409, 40963, /subject 'price' is no longer in its canary window/);
      assert.equal((await status()).validationMode, 'canary');
    });
  });

  describe('the audit log', () => {
    it('takes any text in an entry, NUL characters included', async () => {
      const res = await h.call('root', 'POST', '/governance/audit-log', { schemaBundleSha: 'a'.repeat(64), changeRequest: 'ops/\u0000', validationWindow: 'none', notes: 'a\u0000b', subjects: ['price'] });
      assert.equal(res.status, 200, res.text);
      assert.equal((await h.call('rita', 'GET', '/governance/audit-log')).body.entries[0].notes, 'a\u0000b');
      assert.equal((await h.call('rita', 'GET', '/governance/audit-log/verify')).body.ok, true);
    });
  });

  describe('an admin, with no audit entry', () => {
    it('may put a strict subject in IMPORT mode, which leaves it unaudited: the import is refused 40950', async () => {
      await promotedPrice();
      assert.equal((await h.call('root', 'PUT', '/mode/price?force=true', { mode: 'IMPORT' })).status, 200);
      assert.match((await status()).unauditedBecause, /^IMPORT mode by root/);
      refused(await h.call('walt', 'POST', '/subjects/price/versions', { ...schema(incompatible), id: 99, version: 9 }), 409, 40950);
      assert.deepEqual((await h.call('rita', 'GET', '/subjects/price/versions')).body, [1, 2]);
    });

    it('may lower a strict subject’s compatibility, or the global one under it, which leaves it unaudited', async () => {
      await promotedPrice();
      assert.equal((await h.call('root', 'PUT', '/config/price', { compatibility: 'FULL' })).status, 200, 'raising it is fine');
      assert.equal((await status()).audited, true);
      assert.equal((await h.call('root', 'PUT', '/config/price', { compatibility: 'NONE' })).status, 200);
      assert.match((await status()).unauditedBecause, /^compatibility FULL\/STRICT → NONE\/STRICT by root/);
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(incompatible)), 409, 40950);
      refused(await h.call('walt', 'PUT', '/config/price', { compatibility: 'NONE' }), 403, 40301, /needs one of the roles admin/);
    });

    it('lowering the global level leaves every strict subject without a level of its own unaudited', async () => {
      await promotedPrice();
      assert.equal((await h.call('root', 'PUT', '/config', { compatibilityPolicy: 'LENIENT' })).status, 200);
      assert.match((await status()).unauditedBecause, /compatibility BACKWARD\/STRICT → BACKWARD\/LENIENT by root/);
    });

    it('erases a strict subject’s versions only by leaving it unaudited: the next version 1 is refused 40950', async () => {
      await promotedPrice();
      assert.equal((await h.call('root', 'DELETE', '/subjects/price')).status, 200);
      assert.equal((await h.call('root', 'DELETE', '/subjects/price?permanent=true')).status, 200);
      assert.equal((await h.call('rita', 'GET', '/subjects/price/versions')).status, 404);
      refused(await h.call('walt', 'POST', '/subjects/price/versions', schema(incompatible)), 409, 40950, /soft-deleting the subject by root/);
      const state = await status();
      assert.deepEqual([state.validationMode, state.audited], ['strict', false]);
    });

    it('cannot take the canary window below its floor, nor let one person approve alone', async () => {
      refused(await h.call('root', 'PUT', '/governance/config', { minCanaryWindow: 0.001 }), 422, 42251, /with a unit/);
      refused(await h.call('root', 'PUT', '/governance/config', { minCanaryWindow: '59m' }), 422, 42251, /at least 1h/);
      refused(await h.call('root', 'PUT', '/governance/config', { requiredApprovals: ['admin'] }), 422, 42251, /at least two roles/);
      refused(await h.call('root', 'PUT', '/governance/config', { validatonMode: 'strict' }), 422, 42251, /unknown setting 'validatonMode'; did you mean 'validationMode'\?/);
      assert.equal((await h.call('rita', 'GET', '/governance/config')).body.minCanaryWindow, '48h');
    });
  });

  describe('ownership', () => {
    it('an author dry-runs only their own change requests: 40301', async () => {
      const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 't', reference: 'r', schemas: [{ subject: 'x', schemaType: 'AVRO', schema: '"string"' }] })).body;
      const path = `/governance/change-requests/${cr.id}`;
      refused(await h.call('eve', 'POST', `${path}/dry-run`), 403, 40301, /may not dry-run change request \d+, authored by 'alice'/);
      assert.equal((await h.call('rita', 'GET', path)).body.state, 'draft', 'nothing moved');
      assert.equal((await h.call('dave', 'POST', `${path}/dry-run`)).body.state, 'dry-run-passed', 'an approver may dry-run any');
      assert.equal((await h.call('alice', 'POST', `${path}/dry-run`)).status, 200, 'and the author their own');
    });
  });
});
