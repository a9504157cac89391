import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { httpHarness, testAuth, type HttpHarness, type HttpResponse } from '../helpers/http-harness.ts';
import { bundle, canaryChangeRequest, priceV1 } from '../helpers/governance-fixtures.ts';

let h: HttpHarness;
beforeEach(async () => {
  h = await httpHarness({ auth: testAuth() });
  await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
});
afterEach(() => h.close());

const HOUR = 3_600_000;

function refused(res: HttpResponse, status: number, code: number, message?: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error_code, code, res.text);
  if (message) assert.match(res.body.message, message);
}

/** Creates a CR as `author` and runs its dry-run; returns its path. */
async function dryRunPassed(author = 'alice'): Promise<string> {
  const cr = (await h.call(author, 'POST', '/governance/change-requests', { title: 't', reference: 'https://git.example/pr/7', ...bundle })).body;
  const path = `/governance/change-requests/${cr.id}`;
  assert.equal((await h.call(author, 'POST', `${path}/dry-run`)).body.state, 'dry-run-passed');
  return path;
}

const approve = (user: string, path: string, role: string) => h.call(user, 'POST', `${path}/approvals`, { role, notes: `${user} reviewed` });

describe('every way around the governed path is refused with its own code', () => {
  it('approving your own change request: 40951', async () => {
    const path = await dryRunPassed('ann');
    refused(await approve('ann', path, 'data-platform'), 409, 40951, /authored change request \d+ and cannot approve it/);
  });

  it('the same role twice: 40952', async () => {
    const path = await dryRunPassed();
    assert.equal((await approve('bob', path, 'data-platform')).status, 200);
    refused(await approve('dave', path, 'data-platform'), 409, 40952, /already has its data-platform approval \(from 'bob'\)/);
  });

  it('one user in both roles: 40953', async () => {
    const path = await dryRunPassed();
    assert.equal((await approve('dave', path, 'data-platform')).status, 200);
    refused(await approve('dave', path, 'strategy-owner'), 409, 40953, /each required role needs a different person/);
  });

  it('approving in a role the approver does not hold: 40302', async () => {
    const path = await dryRunPassed();
    refused(await approve('bob', path, 'strategy-owner'), 403, 40302, /does not hold the role 'strategy-owner'/);
  });

  it('approving before the dry-run, or after a failing one: 40954', async () => {
    const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 't', reference: 'r', ...bundle })).body;
    const path = `/governance/change-requests/${cr.id}`;
    refused(await approve('bob', path, 'data-platform'), 409, 40954, /it has no dry-run yet/);
    // An invalid sample fails the dry-run, and a failed dry-run still blocks approval.
    const badSamples = { ...bundle, samples: { order: [{ id: 'o-1' }] } };
    assert.equal((await h.call('alice', 'PUT', `${path}/schemas`, badSamples)).status, 200);
    const dry = (await h.call('alice', 'POST', `${path}/dry-run`)).body;
    assert.equal(dry.state, 'draft');
    assert.match(dry.dryRun.blockers[0], /order: 1 of 1 sample records do not validate/);
    refused(await approve('bob', path, 'data-platform'), 409, 40954, /its last dry-run failed/);
  });

  it('an undeclared incompatible change fails the dry-run; declared as a major change it passes', async () => {
    const breaking = { subject: 'price', schemaType: 'AVRO', schema: JSON.stringify({ ...priceV1, fields: [{ name: 'amount', type: 'string' }] }) };
    const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 't', reference: 'r', schemas: [breaking] })).body;
    const path = `/governance/change-requests/${cr.id}`;
    const failed = (await h.call('alice', 'POST', `${path}/dry-run`)).body;
    assert.equal(failed.state, 'draft');
    assert.match(failed.dryRun.blockers[0], /price: incompatible under BACKWARD .*declare it in "majorChanges"/);
    assert.equal((await h.call('alice', 'PUT', `${path}/schemas`, { schemas: [breaking], majorChanges: ['price'] })).status, 200);
    const passed = (await h.call('alice', 'POST', `${path}/dry-run`)).body;
    assert.equal(passed.state, 'dry-run-passed');
    assert.equal(passed.dryRun.subjects[0].majorChange, true);
  });

  it('editing after approval clears the approvals, so apply is refused: 40955', async () => {
    const path = await dryRunPassed();
    await approve('bob', path, 'data-platform');
    assert.equal((await approve('carol', path, 'strategy-owner')).body.state, 'approved');
    const edited = await h.call('alice', 'PUT', `${path}/schemas`, { ...bundle, samples: {} });
    assert.deepEqual([edited.body.state, edited.body.approvals, edited.body.dryRun], ['draft', [], undefined]);
    refused(await h.call('alice', 'POST', `${path}/apply`), 409, 40955, /still needs approval from data-platform and strategy-owner/);
    assert.equal((await h.call('rita', 'GET', '/subjects/order/versions')).status, 404, 'nothing was registered');
  });

  it('applying after the registry moved under the bundle: 40960, and the new dry-run takes the approvals back', async () => {
    const path = await dryRunPassed();
    await approve('bob', path, 'data-platform');
    await approve('carol', path, 'strategy-owner');
    // Someone registers a price the bundle's price no longer reads (currency: int vs string).
    const moved = { ...priceV1, fields: [...priceV1.fields, { name: 'currency', type: 'int', default: 0 }] };
    assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(moved) })).status, 200);
    refused(await h.call('alice', 'POST', `${path}/apply`), 409, 40960, /price is incompatible .*Run its dry-run again/);
    assert.equal((await h.call('rita', 'GET', '/subjects/order/versions')).status, 404, 'nothing was registered');
    const again = (await h.call('alice', 'POST', `${path}/dry-run`)).body;
    assert.deepEqual([again.state, again.approvals], ['draft', []]);
  });

  it('applying without approvals: 40955', async () => {
    const path = await dryRunPassed();
    await approve('bob', path, 'data-platform');
    refused(await h.call('alice', 'POST', `${path}/apply`), 409, 40955, /still needs approval from strategy-owner/);
  });

  it('promoting before the window has elapsed: 40956', async () => {
    const path = await canaryChangeRequest(h);
    h.clock.advance(48 * HOUR - 1000);
    refused(await h.call('bob', 'POST', `${path}/promote`, {}), 409, 40956, /promote again in 1s/);
  });

  it('promoting after a failure in the window: 40957, then the canary is marked failed and a new CR opened', async () => {
    const path = await canaryChangeRequest(h);
    h.clock.advance(HOUR);
    // Canary lets an incompatible schema register, and records it.
    const breaking = { ...priceV1, name: 'Price', fields: [{ name: 'amount', type: 'string' }] };
    const registered = await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(breaking) });
    assert.equal(registered.status, 200);
    h.clock.advance(48 * HOUR);
    const shown = (await h.call('rita', 'GET', path)).body;
    assert.deepEqual([shown.canaryStatus.failures, shown.canaryStatus.canPromote], [1, false]);
    refused(await h.call('bob', 'POST', `${path}/promote`, {}), 409, 40957, /saw 1 incompatible registration/);
    const failed = await h.call('bob', 'POST', `${path}/fail`, { notes: 'price broke consumers' });
    assert.equal(failed.body.state, 'canary-failed');
    refused(await h.call('bob', 'POST', `${path}/promote`, {}), 409, 40958, /is canary-failed/);
    assert.equal((await h.call('rita', 'GET', '/governance/audit-log')).body.entries.length, 0);
    assert.equal((await h.call('alice', 'POST', '/governance/change-requests', { title: 'retry', reference: 'https://git.example/pr/8', ...bundle })).status, 201);
  });

  it('registering on, or proposing for, a subject made strict by hand: 40950 until an audit entry records it', async () => {
    assert.equal((await h.call('root', 'PUT', '/governance/subjects/price/mode', { mode: 'strict' })).status, 200);
    const next = { schema: JSON.stringify({ ...priceV1, fields: [...priceV1.fields, { name: 'note', type: 'string', default: '' }] }) };
    refused(await h.call('walt', 'POST', '/subjects/price/versions', next), 409, 40950, /record one with POST \/governance\/audit-log/);
    refused(await h.call('alice', 'POST', '/governance/change-requests', { title: 't', reference: 'r', ...bundle }), 409, 40950);
    // Re-registering what the subject already has changes nothing and still answers (producers keep starting).
    assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) })).body.version, 1);
    const audit = await h.call('root', 'POST', '/governance/audit-log', {
      schemaBundleSha: 'e'.repeat(64),
      changeRequest: 'https://git.example/ops/1',
      validationWindow: 'none (incident)',
      notes: 'made strict during the incident',
      subjects: ['price'],
    });
    assert.equal(audit.status, 200, audit.text);
    assert.deepEqual(audit.body.recordedBy, { user: 'root', authenticated: true });
    assert.equal((await h.call('walt', 'POST', '/subjects/price/versions', next)).status, 200);
  });

  it('a reader or a writer attempting governance writes: 40301', async () => {
    const path = await dryRunPassed();
    refused(await h.call('rita', 'POST', '/governance/change-requests', { title: 't', reference: 'r', ...bundle }), 403, 40301, /needs one of the roles author, admin/);
    refused(await h.call('walt', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'x' }), 403, 40301);
    refused(await h.call('walt', 'POST', `${path}/apply`), 403, 40301);
    refused(await h.call('walt', 'PUT', '/governance/config', { minCanaryWindow: '1m' }), 403, 40301);
    refused(await h.call('walt', 'PUT', '/governance/subjects/price/mode', { mode: 'strict' }), 403, 40301);
    refused(await h.call('walt', 'POST', '/governance/audit-log', {}), 403, 40301);
    refused(await h.call('rita', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) }), 403, 40301, /may not register schemas/);
    refused(await h.call('walt', 'DELETE', '/subjects/price?permanent=true'), 403, 40301, /permanently delete/);
    refused(await h.call('walt', 'PUT', '/config', { compatibility: 'NONE' }), 403, 40301);
    refused(await h.call('bob', 'POST', `${path}/withdraw`, {}), 403, 40301, /withdraw change requests/);
    // Reads are open to every signed-in user.
    assert.equal((await h.call('rita', 'GET', '/subjects')).status, 200);
    assert.equal((await h.call('rita', 'POST', '/compatibility/subjects/price/versions/latest', { schema: JSON.stringify(priceV1) })).status, 200);
  });

  it('no credentials, or wrong ones: 40101 with a challenge; health stays open', async () => {
    for (const [method, path] of [['GET', '/subjects'], ['GET', '/schemas/ids/1'], ['POST', '/governance/change-requests'], ['GET', '/nowhere']]) {
      const res = await h.call(undefined, method, path, method === 'POST' ? {} : undefined);
      refused(res, 401, 40101);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm="schemagate"/);
    }
    const wrong = await fetch(`${h.url}/subjects`, { headers: { authorization: `Basic ${Buffer.from('rita:nope').toString('base64')}` } });
    assert.deepEqual([wrong.status, ((await wrong.json()) as { message: string }).message], [401, 'Authentication required: invalid user name or password']);
    const unknown = await fetch(`${h.url}/subjects`, { headers: { authorization: `Basic ${Buffer.from('mallory:x').toString('base64')}` } });
    assert.equal(((await unknown.json()) as { message: string }).message, 'Authentication required: invalid user name or password', 'an unknown user looks like a wrong password');
    const scheme = await fetch(`${h.url}/subjects`, { headers: { authorization: 'Digest abc' } });
    assert.equal(scheme.status, 401);
    assert.equal((await h.call(undefined, 'GET', '/healthz')).status, 200);
  });

  it('withdraw is the author’s, reject needs notes; both end the CR', async () => {
    const path = await dryRunPassed();
    refused(await h.call('bob', 'POST', `${path}/reject`, {}), 422, 42253, /"notes" is required/);
    assert.equal((await h.call('alice', 'POST', `${path}/withdraw`, { notes: 'superseded' })).body.state, 'withdrawn');
    refused(await approve('bob', path, 'data-platform'), 409, 40958, /is withdrawn; it cannot be approved/);
    const other = await dryRunPassed();
    const rejected = await h.call('carol', 'POST', `${other}/reject`, { notes: 'not now' });
    assert.deepEqual([rejected.body.state, rejected.body.closed.user], ['rejected', 'carol']);
  });
});
