import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bundle, priceV1 } from '../helpers/governance-fixtures.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';

/** The console's inbox (GET /ui/api/inbox): what needs each person, by their roles and what each change request still misses. */
let h: HttpHarness;
before(async () => {
  h = await httpHarness({ auth: testAuth() });
});
after(() => h.close());

async function inbox(user: string): Promise<string[]> {
  const res = await h.call(user, 'GET', '/ui/api/inbox');
  assert.equal(res.status, 200, res.text);
  return res.body.items.map((i: any) => `${i.kind} ${i.changeRequest ? `#${i.changeRequest.id}` : i.subject}: ${i.why}`);
}

describe('the console inbox', () => {
  it('follows a change request from draft to canary, each person seeing only what they can do', async () => {
    assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) })).status, 200);
    const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 'price v2', reference: 'https://git.example/pr/3', ...bundle })).body;
    const path = `/governance/change-requests/${cr.id}`;
    assert.deepEqual(await inbox('alice'), [`dry-run #${cr.id}: needs a dry-run before approvals`]);
    assert.deepEqual(await inbox('bob'), [], 'nothing waits for an approver before the dry-run');

    assert.equal((await h.call('alice', 'POST', `${path}/dry-run`)).status, 200);
    assert.deepEqual(await inbox('alice'), [], 'the author cannot approve their own');
    assert.deepEqual(await inbox('bob'), [`approve #${cr.id}: awaits your approval as data-platform`]);
    assert.deepEqual(await inbox('carol'), [`approve #${cr.id}: awaits your approval as strategy-owner`]);
    assert.deepEqual(await inbox('dave'), [`approve #${cr.id}: awaits your approval as data-platform or strategy-owner`]);
    assert.deepEqual(await inbox('rita'), []);

    assert.equal((await h.call('dave', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'ok' })).status, 200);
    assert.deepEqual(await inbox('bob'), [], 'data-platform has approved');
    assert.deepEqual(await inbox('dave'), [], 'one person approves once');
    assert.equal((await h.call('carol', 'POST', `${path}/approvals`, { role: 'strategy-owner', notes: 'ok' })).status, 200);
    assert.deepEqual(await inbox('alice'), [`apply #${cr.id}: approved: apply it to start its canary window`]);
    assert.deepEqual(await inbox('bob'), [`apply #${cr.id}: approved: apply it to start its canary window`], 'data-platform may apply too');
    assert.deepEqual(await inbox('carol'), []);

    assert.equal((await h.call('alice', 'POST', `${path}/apply`)).status, 200);
    assert.deepEqual(await inbox('bob'), [], 'the window is still open');
    h.clock.advance(49 * 3_600_000);
    assert.deepEqual(await inbox('bob'), [`promote #${cr.id}: its canary window has passed with no failures: promote it to strict`]);
    assert.deepEqual(await inbox('carol'), [], 'strategy owners do not promote');
  });

  it('shows admins the strict subjects no audit entry covers', async () => {
    assert.equal((await h.call('walt', 'POST', '/subjects/audit-me/versions', { schema: JSON.stringify({ type: 'string' }) })).status, 200);
    assert.equal((await h.call('root', 'PUT', '/governance/subjects/audit-me/mode', { mode: 'strict' })).status, 200);
    assert.ok((await inbox('root')).includes('unaudited audit-me: strict with no audit entry behind it: registrations are refused until one is recorded'));
    assert.ok(!(await inbox('bob')).some((line) => line.startsWith('unaudited')));
  });
});
