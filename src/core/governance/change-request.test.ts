import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryError } from '../errors.ts';
import * as machine from './change-request.ts';
import type { ChangeRequest } from './change-request-types.ts';
import { alice, at, bob, carol, draft, evidence, HOUR, policy, proposal, root, T0 } from '../../../test/helpers/change-request-fixtures.ts';

function approved(): ChangeRequest {
  let cr = machine.attachDryRun(draft(), evidence(true), alice, T0);
  cr = machine.approve(cr, { role: 'data-platform', notes: 'ok' }, bob, T0, policy);
  return machine.approve(cr, { role: 'strategy-owner', notes: 'ok' }, carol, T0, policy);
}

function refusedWith(code: number, fn: () => unknown): void {
  assert.throws(fn, (err) => isRegistryError(err) && err.errorCode === code);
}

describe('the change request state machine', () => {
  it('records every transition with who and when, and bumps the revision each time', () => {
    const cr = approved();
    assert.equal(cr.state, 'approved');
    assert.deepEqual(
      cr.history.map((t) => [t.from, t.to, t.user]),
      [[null, 'draft', 'alice'], ['draft', 'dry-run-passed', 'alice'], ['dry-run-passed', 'dry-run-passed', 'bob'], ['dry-run-passed', 'approved', 'carol']],
    );
    assert.equal(cr.revision, 4);
  });

  it('keeps an approved CR approved when a new dry-run passes, and clears its approvals when one fails', () => {
    const again = machine.attachDryRun(approved(), evidence(true), alice, at(1));
    assert.deepEqual([again.state, again.approvals.length], ['approved', 2]);
    const failed = machine.attachDryRun(approved(), evidence(false), alice, at(1));
    assert.deepEqual([failed.state, failed.approvals], ['draft', []]);
    assert.match(failed.history.at(-1)!.note!, /dry-run failed: orders: 1 of 1 sample records do not validate; approvals cleared/);
  });

  it('takes approvals only in a required role, with notes', () => {
    const cr = machine.attachDryRun(draft(), evidence(true), alice, T0);
    refusedWith(42253, () => machine.approve(cr, { role: 'admin', notes: 'ok' }, root, T0, policy));
    refusedWith(42253, () => machine.approve(cr, { role: 'data-platform', notes: '  ' }, bob, T0, policy));
    const adminPolicy = { ...policy, requiredApprovals: ['admin'] };
    assert.equal(machine.approve(cr, { role: 'admin', notes: 'ok' }, root, T0, adminPolicy).state, 'approved');
  });

  it('lets only the author (or an admin) edit or withdraw', () => {
    refusedWith(40301, () => machine.editBundle(draft(), proposal, bob, T0));
    refusedWith(40301, () => machine.withdraw(draft(), '', bob, T0));
    assert.equal(machine.withdraw(draft(), 'dup', root, T0).state, 'withdrawn');
  });

  it('applies for the author, data-platform or an admin, and re-checks approvals against today’s policy', () => {
    refusedWith(40301, () => machine.assertCanApply(approved(), carol, policy));
    machine.assertCanApply(approved(), bob, policy);
    machine.assertCanApply(approved(), root, policy);
    refusedWith(40955, () => machine.assertCanApply(approved(), alice, { ...policy, requiredApprovals: ['data-platform', 'strategy-owner', 'admin'] }));
  });

  it('never shortens the window: the longer of the policy at apply time and today’s applies', () => {
    const canary = machine.startCanary(approved(), [], ['orders'], alice, T0, policy);
    assert.equal(canary.canary!.endsAt, at(48).toISOString());
    refusedWith(40956, () => machine.promote(canary, '', bob, at(24), { ...policy, minCanaryWindowMs: HOUR }, 0));
    refusedWith(40956, () => machine.promote(canary, '', bob, at(50), { ...policy, minCanaryWindowMs: 72 * HOUR }, 0));
    assert.equal(machine.promote(canary, '', bob, at(72), { ...policy, minCanaryWindowMs: 72 * HOUR }, 0).state, 'strict');
  });

  it('reports failures before the remaining time, since waiting would not help', () => {
    const canary = machine.startCanary(approved(), [], ['orders'], alice, T0, policy);
    refusedWith(40957, () => machine.promote(canary, '', bob, at(1), policy, 2));
  });

  it('refuses every action out of its state with a hint', () => {
    const strict = machine.promote(machine.startCanary(approved(), [], ['orders'], alice, T0, policy), '', bob, at(48), policy, 0);
    for (const action of [
      () => machine.editBundle(strict, proposal, alice, T0),
      () => machine.attachDryRun(strict, evidence(true), alice, T0),
      () => machine.promote(strict, '', bob, at(99), policy, 0),
      () => machine.markCanaryFailed(strict, '', bob, T0),
      () => machine.reject(strict, 'no', carol, T0),
    ]) {
      assert.throws(action, (err) => isRegistryError(err) && err.errorCode === 40958 && /It was promoted; open a new change request/.test(err.message));
    }
  });
});
