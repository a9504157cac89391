import * as machine from '../../core/governance/change-request.ts';
import type { ChangeRequest } from '../../core/governance/change-request-types.ts';
import type { Actor } from '../../core/governance/roles.ts';
import { errors } from '../../core/errors.ts';
import { accessFor, allows } from '../auth/route-access.ts';

export interface ActionState {
  allowed: boolean;
  /** Why not, in the words the API would answer with. */
  reason?: string;
}

export type ChangeRequestActions = Record<'dryRun' | 'reject' | 'withdraw' | 'apply' | 'promote' | 'fail', ActionState> & {
  approve: ActionState & { roles: string[] };
};

const CR = '/governance/change-requests/:id';

/**
 * What the console offers `actor` on a change request, decided by the same
 * two gates the API applies: the route permission table, then the state
 * machine's own refusal. A button is enabled exactly when the request would
 * be accepted now; a disabled one shows the API's reason (the author reads
 * why they cannot approve their own change).
 */
export function changeRequestActions(
  cr: ChangeRequest,
  actor: Actor,
  policy: machine.GovernancePolicy,
  now: Date,
  failures: number,
  /** What the service's own pre-write checks refuse (checkApply, checkPromote), read by the caller: they need the store. */
  refused: { apply?: Error; promote?: Error } = {},
): ChangeRequestActions {
  const gate = (path: string, decide: () => void): ActionState => {
    const access = accessFor('POST', `${CR}/${path}`, {});
    if (!allows(access, actor.roles) && 'roles' in access) {
      const roles = Array.isArray(access.roles) ? [...access.roles, 'admin'].join(', ') : 'admin';
      return { allowed: false, reason: errors.forbidden(actor.name, roles, access.what).message };
    }
    try {
      decide();
      return { allowed: true };
    } catch (err) {
      return { allowed: false, reason: (err as Error).message };
    }
  };
  const NOTE = 'notes';
  const missing = machine.missingApprovals(cr, policy);
  const roles: string[] = [];
  const refusals: Array<{ held: boolean; reason?: string }> = [];
  for (const role of missing.length > 0 ? missing : policy.requiredApprovals) {
    const state = gate('approvals', () => machine.approve(cr, { role, notes: NOTE }, actor, now, policy));
    if (state.allowed) roles.push(role);
    else refusals.push({ held: (actor.roles as readonly string[]).includes(role), reason: state.reason });
  }
  // The refusal in a role the user holds says more than "you do not hold it".
  const refusal = refusals.find((r) => r.held) ?? refusals[0];
  return {
    dryRun: gate('dry-run', () => {
      if (!['draft', 'dry-run-passed', 'approved'].includes(cr.state)) throw errors.changeRequestWrongState(cr.id, cr.state, 'dry-run', '');
      machine.assertCanDryRun(cr, actor);
    }),
    approve: roles.length > 0 ? { allowed: true, roles } : { allowed: false, roles, reason: refusal?.reason ?? 'no approval is missing' },
    reject: gate('reject', () => machine.reject(cr, NOTE, actor, now)),
    withdraw: gate('withdraw', () => machine.withdraw(cr, '', actor, now)),
    apply: gate('apply', () => {
      machine.assertCanApply(cr, actor, policy);
      if (refused.apply) throw refused.apply;
    }),
    promote: gate('promote', () => {
      machine.promote(cr, '', actor, now, policy, failures);
      if (refused.promote) throw refused.promote;
    }),
    fail: gate('fail', () => machine.markCanaryFailed(cr, '', actor, now)),
  };
}
