import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { canaryChangeRequest, priceV1, priceV2 } from '../helpers/governance-fixtures.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';

/**
 * `cr create docs/reference/schemas/` bundles every file of the directory.
 * Applying it must move only the subjects whose schema it changes (or that
 * are not strict yet): an unchanged strict subject put back into canary
 * would accept incompatible schemas for the whole window.
 */
let h: HttpHarness;
afterEach(async () => {
  await h?.close();
  h = undefined as never;
});

const HOUR = 3_600_000;
const avro = (subject: string, schema: unknown) => ({ subject, schemaType: 'AVRO', schema: JSON.stringify(schema) });
const fill = { type: 'record', name: 'Fill', namespace: 'com.acme', fields: [{ name: 'qty', type: 'int' }] };
const fillV2 = { ...fill, fields: [...fill.fields, { name: 'venue', type: 'string', default: '' }] };

async function promoted(path: string): Promise<any> {
  h.clock.advance(48 * HOUR);
  const res = await h.call('bob', 'POST', `${path}/promote`, {});
  assert.equal(res.status, 200, res.text);
  return res.body;
}

async function modeOf(subject: string): Promise<string> {
  return (await h.call('rita', 'GET', `/governance/subjects/${subject}`)).body.validationMode;
}

describe('a bundle moves only what it changes', () => {
  it('leaves an unchanged strict subject strict through the next change request’s window, and audits only what it moved', async () => {
    h = await httpHarness({ auth: testAuth() });
    const first = await canaryChangeRequest(h, { schemas: [avro('price', priceV1), avro('fill', fill)] });
    await promoted(first);
    assert.deepEqual([await modeOf('price'), await modeOf('fill')], ['strict', 'strict']);

    // The whole directory again: price unchanged, fill with a new optional field.
    const created = await h.call('alice', 'POST', '/governance/change-requests', {
      title: 'fills get a venue',
      reference: 'https://git.example/pr/2',
      schemas: [avro('price', priceV1), avro('fill', fillV2)],
    });
    const path = `/governance/change-requests/${created.body.id}`;
    const dry = await h.call('alice', 'POST', `${path}/dry-run`);
    assert.equal(dry.body.dryRun.ok, true, dry.text);
    assert.deepEqual(
      dry.body.dryRun.subjects.map((s: { subject: string; change: string }) => [s.subject, s.change]),
      [['price', 'none'], ['fill', 'schema']],
      'the CR shows which subjects it changes',
    );
    await h.call('bob', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'ok' });
    await h.call('carol', 'POST', `${path}/approvals`, { role: 'strategy-owner', notes: 'ok' });
    const applied = await h.call('alice', 'POST', `${path}/apply`);
    assert.equal(applied.status, 200, applied.text);
    assert.deepEqual(applied.body.canary.subjects, ['fill']);
    assert.deepEqual([await modeOf('price'), await modeOf('fill')], ['strict', 'canary']);

    // During the window the unchanged subject still refuses an incompatible schema.
    const breaking = { ...priceV1, fields: [{ name: 'amount', type: 'string' }] };
    const refused = await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(breaking) });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.report.mode, 'strict');
    // …and that refusal on a subject outside the window does not fail the canary.
    assert.equal((await h.call('rita', 'GET', path)).body.canaryStatus.failures, 0);

    const done = await promoted(path);
    assert.deepEqual(done.auditEntry.subjects, ['fill']);
    assert.deepEqual([await modeOf('price'), await modeOf('fill')], ['strict', 'strict']);
    assert.equal((await h.call('rita', 'GET', '/governance/subjects/price')).body.audited, true);
  });

  it('takes an unchanged subject that is not strict yet through the window, since promotion changes its mode', async () => {
    h = await httpHarness({ auth: testAuth() });
    await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
    const path = await canaryChangeRequest(h, { schemas: [avro('price', priceV1), avro('fill', fill)] });
    const cr = (await h.call('rita', 'GET', path)).body;
    assert.deepEqual(
      cr.dryRun.subjects.map((s: { subject: string; change: string }) => [s.subject, s.change]),
      [['price', 'mode'], ['fill', 'schema']],
    );
    assert.deepEqual(cr.canary.subjects, ['price', 'fill']);
    assert.equal(await modeOf('price'), 'canary');
    assert.deepEqual((await promoted(path)).auditEntry.subjects, ['price', 'fill']);
  });

  it('blocks a bundle that changes nothing at its dry-run, and refuses to apply one that came to change nothing', async () => {
    h = await httpHarness({ auth: testAuth() });
    await promoted(await canaryChangeRequest(h, { schemas: [avro('price', priceV1)] }));
    const created = await h.call('alice', 'POST', '/governance/change-requests', { title: 'again', reference: 'r', schemas: [avro('price', priceV1)] });
    const dry = await h.call('alice', 'POST', `/governance/change-requests/${created.body.id}/dry-run`);
    assert.equal(dry.body.dryRun.ok, false);
    assert.deepEqual(dry.body.dryRun.blockers, ['the bundle changes nothing: every subject already holds its schema and is strict']);

    // Approved while price was still changing; another CR then registered the same schema and promoted it.
    const mine = await h.call('alice', 'POST', '/governance/change-requests', { title: 'v2', reference: 'r2', schemas: [avro('price', priceV2)] });
    const minePath = `/governance/change-requests/${mine.body.id}`;
    await h.call('alice', 'POST', `${minePath}/dry-run`);
    await h.call('bob', 'POST', `${minePath}/approvals`, { role: 'data-platform', notes: 'ok' });
    await h.call('carol', 'POST', `${minePath}/approvals`, { role: 'strategy-owner', notes: 'ok' });
    await promoted(await canaryChangeRequest(h, { schemas: [avro('price', priceV2)] }));
    const apply = await h.call('alice', 'POST', `${minePath}/apply`);
    assert.equal(apply.status, 409, apply.text);
    assert.equal(apply.body.error_code, 40964);
    assert.match(apply.body.message, /changes nothing/);
    assert.equal(await modeOf('price'), 'strict');
  });
});
