import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { bundle, canaryChangeRequest, priceV1, priceV2 } from '../helpers/governance-fixtures.ts';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { apiHarness } from '../helpers/api-harness.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';
import { tempDir } from '../helpers/start-server.ts';

let h: HttpHarness;
afterEach(async () => {
  await h?.close();
  h = undefined as never;
});

const HOUR = 3_600_000;

describe('a change request, end to end over HTTP with auth on', () => {
  it('goes create → dry-run → two approvals → apply → refused at 47 h → promoted at 48 h, with a verifiable audit entry', async () => {
    h = await httpHarness({ auth: testAuth() });
    assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) })).status, 200);

    const created = await h.call('alice', 'POST', '/governance/change-requests', {
      title: 'Orders reference prices',
      description: 'Adds currency to price and a new order subject.',
      reference: 'https://git.example/acme/schemas/pull/42',
      ...bundle,
    });
    assert.equal(created.status, 201, created.text);
    const cr = created.body;
    assert.equal(cr.state, 'draft');
    assert.deepEqual(cr.author, { user: 'alice', authenticated: true });
    assert.match(cr.bundleSha, /^[0-9a-f]{64}$/);
    const path = `/governance/change-requests/${cr.id}`;

    const dry = await h.call('alice', 'POST', `${path}/dry-run`);
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.body.state, 'dry-run-passed');
    assert.equal(dry.body.dryRun.ok, true, JSON.stringify(dry.body.dryRun.blockers));
    assert.equal(dry.body.dryRun.bundleSha, cr.bundleSha, 'the dry-run sees the same bundle');
    const orderEvidence = dry.body.dryRun.subjects.find((s: { subject: string }) => s.subject === 'order');
    assert.deepEqual([orderEvidence.samples.total, orderEvidence.samples.valid], [2, 2]);
    assert.deepEqual(dry.body.missingApprovals, ['data-platform', 'strategy-owner']);

    const first = await h.call('bob', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'Consumers read currency with a default.' });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual([first.body.state, first.body.missingApprovals], ['dry-run-passed', ['strategy-owner']]);
    const second = await h.call('carol', 'POST', `${path}/approvals`, { role: 'strategy-owner', notes: 'Strategies tolerate the new field.' });
    assert.equal(second.body.state, 'approved');

    h.clock.set('2026-01-02T09:30:00.000Z');
    const applied = await h.call('alice', 'POST', `${path}/apply`);
    assert.equal(applied.status, 200, applied.text);
    assert.equal(applied.body.state, 'canary');
    assert.deepEqual(
      applied.body.canary.registered.map((r: { subject: string; version: number; created: boolean }) => [r.subject, r.version, r.created]),
      [['price', 2, true], ['order', 1, true]],
    );
    assert.equal(applied.body.canaryStatus.window, '48h');
    assert.equal(applied.body.canaryStatus.canPromote, false);
    const orderV1 = (await h.call('rita', 'GET', '/subjects/order/versions/1')).body;
    assert.deepEqual(orderV1.references, [{ name: 'com.acme.Price', subject: 'price', version: 2 }], 'the bundle reference points at the version the bundle registered');
    for (const subject of ['price', 'order']) {
      const status = (await h.call('rita', 'GET', `/governance/subjects/${subject}`)).body;
      assert.deepEqual([status.validationMode, status.audited], ['canary', true]);
    }

    h.clock.advance(47 * HOUR);
    const early = await h.call('bob', 'POST', `${path}/promote`, { notes: 'no failures' });
    assert.equal(early.status, 409);
    assert.equal(early.body.error_code, 40956);
    assert.match(early.body.message, /promote again in 1h \(after 2026-01-04T09:30:00.000Z\)/);

    h.clock.advance(HOUR);
    const promoted = await h.call('bob', 'POST', `${path}/promote`, { notes: 'no validation failures observed' });
    assert.equal(promoted.status, 200, promoted.text);
    assert.equal(promoted.body.changeRequest.state, 'strict');
    assert.equal(promoted.body.changeRequest.closed.auditSeq, 1);
    const entry = promoted.body.auditEntry;
    assert.deepEqual(
      [entry.seq, entry.kind, entry.date, entry.schemaBundleSha, entry.changeRequest, entry.validationWindow, entry.notes],
      [1, 'promotion', '2026-01-04', cr.bundleSha, 'https://git.example/acme/schemas/pull/42', '48h canary', 'no validation failures observed'],
    );
    assert.deepEqual(entry.evidence.approvals.map((a: { user: string; role: string }) => [a.user, a.role]), [['bob', 'data-platform'], ['carol', 'strategy-owner']]);
    assert.deepEqual([entry.evidence.failureCount, entry.evidence.windowStart, entry.evidence.windowEnd], [0, '2026-01-02T09:30:00.000Z', '2026-01-04T09:30:00.000Z']);
    for (const subject of ['price', 'order']) {
      const status = (await h.call('rita', 'GET', `/governance/subjects/${subject}`)).body;
      assert.deepEqual([status.validationMode, status.audited], ['strict', true]);
    }

    const log = (await h.call('rita', 'GET', '/governance/audit-log')).body;
    assert.deepEqual(log.entries, [entry]);
    assert.deepEqual((await h.call('rita', 'GET', '/governance/audit-log/verify')).body, { ok: true, entries: 1, headHash: entry.hash });
    const markdown = await h.call('rita', 'GET', '/governance/audit-log.md');
    assert.match(markdown.headers.get('content-type') ?? '', /^text\/markdown/);
    const lines = markdown.text.trimEnd().split('\n');
    assert.equal(lines[0], '| Date | Schema Bundle SHA | Change Request | Validation Window | Notes |');
    assert.equal(lines[2], `| 2026-01-04 | ${cr.bundleSha} | https://git.example/acme/schemas/pull/42 | 48h canary | no validation failures observed |`);
    assert.equal(lines.at(-1), '| _TBD_ |  |  |  |  |');

    // Strict now holds: a breaking schema is refused.
    const breaking = { ...priceV1, fields: [{ name: 'amount', type: 'string' }] };
    const refused = await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(breaking) });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.report.mode, 'strict');

    // An administrator saying "strict" again changes nothing: the subject stays audited.
    assert.equal((await h.call('root', 'PUT', '/governance/subjects/price/mode', { mode: 'strict' })).body.audited, true);
    const next = { ...priceV2, fields: [...priceV2.fields, { name: 'note', type: 'string', default: '' }] };
    assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(next) })).status, 200);
  });

  it('lets two promotions race on the SQLite store and records exactly one audit entry', async () => {
    h = await httpHarness({ auth: testAuth(), store: new SqliteStore(join(tempDir(), 'race.db')) });
    const path = await canaryChangeRequest(h);
    h.clock.advance(48 * HOUR);
    const results = await Promise.all([h.call('bob', 'POST', `${path}/promote`, {}), h.call('dave', 'POST', `${path}/promote`, {})]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409], results.map((r) => r.text).join('\n'));
    const loser = results.find((r) => r.status === 409)!;
    assert.equal(loser.body.error_code, 40958);
    assert.match(loser.body.message, /is strict; it cannot be promoted/);
    assert.equal((await h.call('rita', 'GET', '/governance/audit-log')).body.entries.length, 1);
    assert.equal((await h.call('rita', 'GET', '/governance/audit-log/verify')).body.ok, true);
  });

  it('records its own declared major change as planned: not a failure, not in the failure counter, not against its canary', async () => {
    h = await httpHarness({ auth: testAuth() });
    await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
    const breaking = { subject: 'price', schemaType: 'AVRO', schema: JSON.stringify({ ...priceV1, fields: [{ name: 'amount', type: 'string' }] }) };
    const path = await canaryChangeRequest(h, { schemas: [breaking], majorChanges: ['price'] });
    const status = (await h.call('rita', 'GET', '/governance/subjects/price')).body;
    assert.deepEqual([status.failures.total, status.schemaCompatId], [0, 'price@2'], 'the planned registration is no failure, and starts a new major');
    const [latest] = (await h.call('rita', 'GET', '/governance/subjects/price/reports?limit=1')).body.reports;
    assert.deepEqual([latest.outcome, latest.compatible, latest.changeRequestId], ['planned', false, (await h.call('rita', 'GET', path)).body.id]);
    const metrics = (await h.call('rita', 'GET', '/metrics')).text;
    assert.doesNotMatch(metrics, /seamless_schema_validation_failures_total\{subject="price"/, 'an alert on the failure counter stays quiet');
    assert.match(metrics, /schemagate_planned_major_changes_total\{subject="price"\} 1/);
    assert.equal((await h.call('rita', 'GET', path)).body.canaryStatus.failures, 0);
    h.clock.advance(48 * HOUR);
    const promoted = await h.call('bob', 'POST', `${path}/promote`, {});
    assert.equal(promoted.status, 200, promoted.text);
    assert.equal(promoted.body.auditEntry.evidence.failureCount, 0);
    assert.equal(promoted.body.auditEntry.notes, 'no validation failures in 48h of canary');
  });

  it('refuses to apply a declared major change that now breaks more than its approvers saw (40960)', async () => {
    h = await httpHarness({ auth: testAuth() });
    const record = (fields: Array<[string, string]>) => JSON.stringify({ type: 'record', name: 'Fill', fields: fields.map(([name, type]) => ({ name, type })) });
    const approved = async (schema: string) => {
      const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 't', reference: 'r', schemas: [{ subject: 'fill', schemaType: 'AVRO', schema }], majorChanges: ['fill'] })).body;
      const path = `/governance/change-requests/${cr.id}`;
      assert.equal((await h.call('alice', 'POST', `${path}/dry-run`)).body.dryRun.ok, true);
      await h.call('bob', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'ok' });
      await h.call('carol', 'POST', `${path}/approvals`, { role: 'strategy-owner', notes: 'ok' });
      return path;
    };
    await h.call('walt', 'POST', '/subjects/fill/versions', { schema: record([['a', 'int'], ['c', 'int']]) });
    // Approved: a becomes a string (TYPE_MISMATCH at a), c stays.
    const path = await approved(record([['a', 'string'], ['c', 'int']]));
    // Meanwhile a compatible v2 drops c: the bundle would now also miss c without a default.
    assert.equal((await h.call('walt', 'POST', '/subjects/fill/versions', { schema: record([['a', 'int']]) })).status, 200);
    const refused = await h.call('alice', 'POST', `${path}/apply`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.error_code, 40960);
    assert.match(refused.body.message, /fill now also breaks READER_FIELD_MISSING_DEFAULT_VALUE at .*, which its dry-run did not show/);
    assert.deepEqual((await h.call('rita', 'GET', '/subjects/fill/versions')).body, [1, 2], 'nothing registered');

    // A major declared on a change the dry-run found compatible covers no break at all.
    await h.call('walt', 'POST', '/subjects/late/versions', { schema: record([['a', 'int']]) });
    const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 't', reference: 'r', schemas: [{ subject: 'late', schemaType: 'AVRO', schema: record([['a', 'int'], ['b', 'int']]).replace('"type":"int"}]', '"type":"int","default":0}]') }], majorChanges: ['late'] })).body;
    const latePath = `/governance/change-requests/${cr.id}`;
    const dry = await h.call('alice', 'POST', `${latePath}/dry-run`);
    assert.equal(dry.body.dryRun.subjects[0].compatible, true, dry.text);
    await h.call('bob', 'POST', `${latePath}/approvals`, { role: 'data-platform', notes: 'ok' });
    await h.call('carol', 'POST', `${latePath}/approvals`, { role: 'strategy-owner', notes: 'ok' });
    assert.equal((await h.call('walt', 'POST', '/subjects/late/versions', { schema: record([['a', 'long']]) })).status, 200, 'int to long is backward compatible');
    const late = await h.call('alice', 'POST', `${latePath}/apply`);
    assert.equal(late.status, 409, late.text);
    assert.match(late.body.message, /late now also breaks TYPE_MISMATCH at /);
  });

  it('lists change requests by state and answers 404 for an unknown one', async () => {
    h = await httpHarness({ auth: testAuth() });
    await canaryChangeRequest(h);
    await h.call('alice', 'POST', '/governance/change-requests', { title: 'second', reference: 'https://git.example/pr/2', ...bundle });
    assert.deepEqual((await h.call('rita', 'GET', '/governance/change-requests')).body.map((cr: { title: string }) => cr.title), ['second', 'first']);
    assert.deepEqual((await h.call('rita', 'GET', '/governance/change-requests?state=canary')).body.map((cr: { title: string }) => cr.title), ['first']);
    assert.equal((await h.call('rita', 'GET', '/governance/change-requests?state=open')).body.error_code, 400);
    for (const id of ['99', 'abc', '0']) {
      const res = await h.call('rita', 'GET', `/governance/change-requests/${id}`);
      assert.deepEqual([res.status, res.body.error_code], [404, 40450]);
    }
  });

  it('with auth off, takes the acting user from the body and records them as unauthenticated', async () => {
    const api = await apiHarness();
    try {
      await api.request('POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
      const anonymous = await api.request('POST', '/governance/change-requests', { title: 't', reference: 'r', ...bundle });
      assert.deepEqual([anonymous.status, anonymous.body.error_code], [422, 42255]);
      assert.match(anonymous.body.message, /name the acting user in the body field "user"/);
      const cr = (await api.request('POST', '/governance/change-requests', { user: 'alice', title: 't', reference: 'r', ...bundle })).body;
      assert.deepEqual(cr.author, { user: 'alice', authenticated: false });
      const path = `/governance/change-requests/${cr.id}`;
      assert.equal((await api.request('POST', `${path}/dry-run`, { user: 'alice' })).body.state, 'dry-run-passed');
      assert.equal((await api.request('POST', `${path}/approvals`, { user: 'alice', role: 'data-platform', notes: 'mine' })).body.error_code, 40951, 'names still count');
      await api.request('POST', `${path}/approvals`, { user: 'bob', role: 'data-platform', notes: 'ok' });
      const approved = (await api.request('POST', `${path}/approvals`, { user: 'carol', role: 'strategy-owner', notes: 'ok' })).body;
      assert.deepEqual(approved.approvals.map((a: { user: string; authenticated: boolean }) => [a.user, a.authenticated]), [['bob', false], ['carol', false]]);
      assert.equal((await api.request('POST', `${path}/apply`, { user: 'alice' })).body.state, 'canary');
      assert.equal((await api.request('GET', '/governance/subjects/price')).status, 200);
    } finally {
      await api.close();
    }
  });
});
