import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { priceV1, priceV2 } from '../helpers/governance-fixtures.ts';
import { httpHarness, testAuth, type HttpHarness } from '../helpers/http-harness.ts';

/** GET /governance/change-requests?awaiting=me|<role>: what waits for my approval (the CLI's `cr list --awaiting`). */
let h: HttpHarness;
afterEach(async () => {
  await h?.close();
  h = undefined as never;
});

const schemas = [{ subject: 'price', schemaType: 'AVRO', schema: JSON.stringify(priceV2) }];

async function createCr(user: string, title: string, dryRun: boolean, extra: Record<string, unknown> = {}): Promise<number> {
  const created = await h.call(user, 'POST', '/governance/change-requests', { title, reference: `r-${title}`, schemas, ...extra });
  assert.equal(created.status, 201, created.text);
  if (dryRun) assert.equal((await h.call(user, 'POST', `/governance/change-requests/${created.body.id}/dry-run`, extra)).body.state, 'dry-run-passed');
  return created.body.id;
}

const ids = async (user: string | undefined, query: string) => {
  const res = await h.call(user, 'GET', `/governance/change-requests?${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body.map((cr: { id: number }) => cr.id);
};

describe('change requests awaiting an approval', () => {
  it('lists for each signed-in approver what still needs them: by role, never their own, never twice', async () => {
    h = await httpHarness({ auth: testAuth() });
    await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
    const ready = await createCr('alice', 'ready', true);
    const draft = await createCr('alice', 'draft', false);
    const annsOwn = await createCr('ann', 'anns', true);

    assert.deepEqual(await ids('bob', 'awaiting=me'), [annsOwn, ready], 'a draft awaits nobody');
    assert.deepEqual(await ids('carol', 'awaiting=me'), [annsOwn, ready]);
    assert.deepEqual(await ids('ann', 'awaiting=me'), [ready], 'an author is never asked to approve their own');
    assert.deepEqual(await ids('alice', 'awaiting=me'), [], 'an author without an approver role awaits nothing');
    assert.deepEqual(await ids('rita', 'awaiting=strategy-owner'), [annsOwn, ready]);

    assert.equal((await h.call('bob', 'POST', `/governance/change-requests/${ready}/approvals`, { role: 'data-platform', notes: 'ok' })).status, 200);
    assert.deepEqual(await ids('bob', 'awaiting=me'), [annsOwn], 'approved once, not asked again');
    assert.deepEqual(await ids('dave', 'awaiting=me'), [annsOwn, ready], 'dave can still give the strategy-owner approval');
    assert.deepEqual(await ids('rita', 'awaiting=data-platform'), [annsOwn]);
    assert.deepEqual(await ids('rita', 'awaiting=strategy-owner&limit=1'), [annsOwn], 'paging applies after the filter');
    assert.deepEqual(await ids('rita', 'awaiting=strategy-owner&offset=1'), [ready]);
    assert.deepEqual(await ids('rita', 'awaiting=strategy-owner&state=draft'), []);
    assert.ok(!(await ids('rita', 'state=draft')).includes(ready) && (await ids('rita', 'state=draft')).includes(draft));

    const unknown = await h.call('bob', 'GET', '/governance/change-requests?awaiting=ops');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /Unknown approval role 'ops' for 'awaiting'; use me or data-platform, strategy-owner/);
  });

  it('with auth off, takes `me` from ?user= and asks for it when missing', async () => {
    h = await httpHarness();
    await h.call(undefined, 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
    const mine = await createCr(undefined as never, 'mine', true, { user: 'alice' });
    const theirs = await createCr(undefined as never, 'theirs', true, { user: 'bob' });
    assert.deepEqual(await ids(undefined, 'awaiting=me&user=alice'), [theirs]);
    assert.deepEqual(await ids(undefined, 'awaiting=me&user=carol'), [theirs, mine]);
    const nobody = await h.call(undefined, 'GET', '/governance/change-requests?awaiting=me');
    assert.equal(nobody.status, 400, nobody.text);
    assert.match(nobody.body.message, /\?user=<name>/);
  });
});
