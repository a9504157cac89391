import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { priceV1, priceV2 } from '../helpers/governance-fixtures.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';

/** GET /governance/notifications (the console's feed) and …/deliveries, in process: what every governance write leaves in the feed. */
let h: HttpHarness;
afterEach(async () => {
  await h?.close();
  h = undefined as never;
});

const feed = async (user: string | undefined, query = '') => {
  const res = await h.call(user, 'GET', `/governance/notifications${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body.events as Array<Record<string, any>>;
};

describe('the notification feed', () => {
  it('lists each change request step once, newest first, in the shape webhooks receive, and polls after a seq oldest first', async () => {
    h = await httpHarness({ auth: testAuth() });
    await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
    const created = await h.call('alice', 'POST', '/governance/change-requests', { title: 'price v2', reference: 'https://git.example/pr/4', schemas: [{ subject: 'price', schema: JSON.stringify(priceV2) }] });
    const path = `/governance/change-requests/${created.body.id}`;
    assert.equal((await h.call('alice', 'POST', `${path}/dry-run`)).status, 200);
    assert.equal((await h.call('bob', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'ok' })).status, 200);
    assert.equal((await h.call('carol', 'POST', `${path}/approvals`, { role: 'strategy-owner', notes: 'ok' })).status, 200);
    // A refused step (a second approval in a role already given) leaves nothing in the feed.
    assert.equal((await h.call('dave', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'me too' })).status, 409);

    const events = await feed('rita');
    assert.deepEqual(events.map((e) => [e.seq, e.type, e.actor?.user]), [
      [4, 'change-request.approved', 'carol'],
      [3, 'change-request.awaiting-approval', 'bob'],
      [2, 'change-request.awaiting-approval', 'alice'],
      [1, 'change-request.created', 'alice'],
    ]);
    assert.deepEqual(events[1].missingApprovals, ['strategy-owner']);
    assert.deepEqual([events[3].id, events[3].changeRequest.title, events[3].changeRequest.state], [`change-request:${created.body.id}:0`, 'price v2', 'draft']);
    // Polling after a seq answers oldest first, so a burst larger than the limit is read in turn, none skipped.
    assert.deepEqual((await feed('rita', '?after=1&limit=2')).map((e) => e.seq), [2, 3]);
    assert.deepEqual((await feed('rita', '?after=3&limit=2')).map((e) => e.seq), [4]);
    assert.deepEqual((await feed('rita', '?before=3')).map((e) => e.seq), [2, 1]);
    assert.deepEqual((await feed('rita', `?changeRequest=${created.body.id + 1}`)), []);
    const bad = await h.call('rita', 'GET', '/governance/notifications?limit=0');
    assert.deepEqual([bad.status, bad.body.error_code, bad.body.message], [400, 400, "Query parameter 'limit' must be from 1 to 500, got '0'."]);
    assert.equal((await h.call(undefined, 'GET', '/governance/notifications')).status, 401);
  });

  it('shows webhook deliveries to admins only, and refuses an unknown state', async () => {
    h = await httpHarness({ auth: testAuth() });
    assert.equal((await h.call('rita', 'GET', '/governance/notifications/deliveries')).status, 403);
    const res = await h.call('root', 'GET', '/governance/notifications/deliveries?state=pending');
    assert.deepEqual([res.status, res.body], [200, { deliveries: [] }]);
    const bad = await h.call('root', 'GET', '/governance/notifications/deliveries?state=lost');
    assert.deepEqual([bad.status, bad.body.message], [400, "Unknown delivery state 'lost'; use pending, delivered, dead."]);
  });
});
