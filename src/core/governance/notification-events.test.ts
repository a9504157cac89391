import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as machine from './change-request.ts';
import type { ChangeRequest } from './change-request-types.ts';
import { alice, at, bob, carol, draft as draftOf, evidence, policy, proposal, T0 } from '../../../test/helpers/change-request-fixtures.ts';
import type { ValidationFailure } from './governance-types.ts';
import { canaryFailureEvent, changeRequestEvents, promotableEvent, slackText, type NotificationDraft } from './notification-events.ts';

const draft = () => draftOf({ title: 'orders <v2>', reference: 'https://git.example/pr/9' });

/** Each step's events, as the service derives them: from the CR before and after the step. */
function step(before: ChangeRequest, after: ChangeRequest): NotificationDraft[] {
  return changeRequestEvents(before, after, policy);
}

describe('notification events of change requests', () => {
  it('derives one event per machine step, keyed by the transition it records', () => {
    const created = draft();
    assert.deepEqual(changeRequestEvents(undefined, created, policy).map((e) => [e.type, e.key, e.actor?.user]), [['change-request.created', 'change-request:7:0', 'alice']]);

    const failed = machine.attachDryRun(created, evidence(false), alice, at(1));
    const [dryRunFailed] = step(created, failed);
    assert.deepEqual([dryRunFailed.type, dryRunFailed.key, dryRunFailed.payload.blockers], ['change-request.dry-run-failed', 'change-request:7:1', ['orders: 1 of 1 sample records do not validate']]);

    const passed = machine.attachDryRun(failed, evidence(true, at(2)), alice, at(2));
    const [awaiting] = step(failed, passed);
    assert.deepEqual([awaiting.type, awaiting.payload.missingApprovals], ['change-request.awaiting-approval', ['data-platform', 'strategy-owner']]);

    assert.deepEqual(step(passed, machine.attachDryRun(passed, evidence(true, at(2.5)), bob, at(2.5))), [], 'a dry-run run again on a waiting CR announces nothing new');
    const one = machine.approve(passed, { role: 'data-platform', notes: 'ok' }, bob, at(3), policy);
    const [still] = step(passed, one);
    assert.deepEqual([still.type, still.payload.missingApprovals, still.actor?.user], ['change-request.awaiting-approval', ['strategy-owner'], 'bob'], 'a partial approval says who is still waited for');

    const both = machine.approve(one, { role: 'strategy-owner', notes: 'ok' }, carol, at(4), policy);
    const [approved] = step(one, both);
    assert.deepEqual([approved.type, approved.payload.approvals], ['change-request.approved', [{ role: 'data-platform', user: 'bob' }, { role: 'strategy-owner', user: 'carol' }]]);
    assert.deepEqual(step(both, machine.attachDryRun(both, evidence(true, at(5)), alice, at(5))), [], 'a new passing dry-run of an approved CR announces nothing');

    const canary = machine.startCanary(both, [], ['orders'], alice, at(6), policy);
    const [applied] = step(both, canary);
    assert.deepEqual([applied.type, applied.payload.canary], ['change-request.applied', { startedAt: at(6).toISOString(), endsAt: at(54).toISOString(), subjects: ['orders'] }]);

    const strict = machine.withAuditSeq(machine.promote(canary, 'clean', bob, at(54), policy, 0), 3);
    const [promoted] = step(canary, strict);
    assert.deepEqual([promoted.type, promoted.payload.auditSeq, promoted.payload.changeRequest?.state], ['change-request.promoted', 3, 'strict']);
    assert.equal(new Set([dryRunFailed, awaiting, still, approved, applied, promoted].map((e) => e.key)).size, 6, 'keys are unique');
  });

  it('says nothing for an edit back to draft, and announces endings with their notes', () => {
    const passed = machine.attachDryRun(draft(), evidence(true), alice, T0);
    assert.deepEqual(step(passed, machine.editBundle(passed, proposal, alice, at(1))), []);
    assert.deepEqual(step(passed, machine.reject(passed, 'not now', carol, at(1))).map((e) => [e.type, e.payload.notes]), [['change-request.rejected', 'not now']]);
    assert.deepEqual(step(passed, machine.withdraw(passed, '', alice, at(1))).map((e) => e.type), ['change-request.withdrawn']);
  });

  it('turns a failure in a canary window into an event keyed by the failure, and a clean window into one keyed by the window', () => {
    let cr = machine.attachDryRun(draft(), evidence(true), alice, T0);
    cr = machine.approve(machine.approve(cr, { role: 'data-platform', notes: 'ok' }, bob, T0, policy), { role: 'strategy-owner', notes: 'ok' }, carol, T0, policy);
    cr = machine.startCanary(cr, [], ['orders'], alice, T0, policy);
    const failure: ValidationFailure = {
      id: 41,
      subject: 'orders',
      mode: 'canary',
      registered: true,
      createdAt: at(2).toISOString(),
      report: {
        subject: 'orders', schemaType: 'JSON', mode: 'canary', compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'STRICT', compatible: false, previousVersion: 1,
        versionsChecked: [1], breakingChanges: [{ ruleId: 'TYPE_CHANGED', path: '/id', message: 'm', version: 1, direction: 'backward' } as never], addedFields: [],
        outcome: 'registered', version: 2, schemaId: 5, createdAt: at(2).toISOString(),
      },
    };
    const event = canaryFailureEvent(failure, cr);
    assert.deepEqual([event.key, event.type, event.subject, event.changeRequestId, (event.payload.failure as { version: number }).version], ['canary-failure:41', 'canary.failure', 'orders', 7, 2]);
    const status = machine.canaryStatus(cr, at(49), policy, 0)!;
    const promotable = promotableEvent(cr, status);
    assert.deepEqual([promotable.key, promotable.at], [`promotable:7:${T0.toISOString()}`, at(48).toISOString()]);
  });
});

describe('the Slack text of an event', () => {
  it('is one line saying what happened, escaped, with the console link on a second line when one is configured', () => {
    const created = changeRequestEvents(undefined, draft(), policy)[0];
    assert.equal(slackText(created), 'Change request #7 “orders &lt;v2&gt;” opened by alice (orders)');
    assert.equal(
      slackText(created, 'https://registry.example/'),
      'Change request #7 “orders &lt;v2&gt;” opened by alice (orders)\n<https://registry.example/ui/#/change-requests/7|Open in the console>',
    );
    const rejected = step(draft(), machine.reject(draft(), 'wrong <team> & owner', carol, T0))[0];
    assert.equal(slackText(rejected), 'Change request #7 “orders &lt;v2&gt;” rejected by carol: wrong &lt;team&gt; &amp; owner');
  });
});
