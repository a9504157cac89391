import { errors } from '../core/errors.ts';
import { formatDuration } from '../core/duration.ts';
import * as machine from '../core/governance/change-request.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import type { Store } from '../store/store.ts';

/*
 * What change requests are judged and shown by, shared by the service and
 * the notifier: the policy in force, a canary window's failures, and a CR
 * as the API answers it.
 */

/** The governance policy now: stored settings over the config file's. */
export async function governancePolicy(ctx: Pick<RegistryContext, 'store' | 'settings'>): Promise<machine.GovernancePolicy> {
  const stored = await ctx.store.getGovernanceSettings();
  return {
    requiredApprovals: stored.requiredApprovals ?? ctx.settings.requiredApprovals,
    minCanaryWindowMs: stored.minCanaryWindowMs ?? ctx.settings.minCanaryWindowMs,
  };
}

/** Failures on the CR's subjects since its canary began, other than its own registrations. */
export async function canaryFailureCount(store: Store, cr: ChangeRequest): Promise<number> {
  // Counted by the store: a canary with a hundred thousand failures costs one count, not their reports.
  return store.countFailures({ subjects: machine.windowSubjects(cr), since: cr.canary!.startedAt, excludeChangeRequest: cr.id });
}

/** A CR as the API answers it: with the approvals it misses and, in its canary, the window's status. */
export async function changeRequestView(ctx: RegistryContext, cr: ChangeRequest, policy: machine.GovernancePolicy) {
  const canary = cr.state === 'canary' ? machine.canaryStatus(cr, ctx.clock.now(), policy, await canaryFailureCount(ctx.store, cr)) : undefined;
  return {
    ...cr,
    missingApprovals: ['draft', 'dry-run-passed', 'approved'].includes(cr.state) ? machine.missingApprovals(cr, policy) : [],
    ...(canary && { canaryStatus: { ...canary, window: formatDuration(canary.windowMs), canPromote: canary.remainingMs === 0 && canary.failures === 0 } }),
  };
}

/** A CR as lists show it: everything but its bundle's schemas (which a show answers). */
export function summary<T extends { schemas: ChangeRequest['schemas'] }>(view: T) {
  const { schemas, ...rest } = view;
  return { ...rest, subjects: schemas.map((s) => s.subject) };
}

/** Every subject of the window is still in it: the window observed what the promotion makes strict. */
export async function assertStillInWindow(store: Store, cr: ChangeRequest): Promise<void> {
  for (const subject of machine.windowSubjects(cr)) {
    const governance = await store.getSubjectGovernance(subject);
    if (governance?.validationMode === 'canary' && governance.changeRequestId === cr.id) continue;
    const now = !governance?.validationMode
      ? 'it has no validation mode of its own'
      : `it is ${governance.validationMode}${governance.changeRequestId !== undefined && governance.changeRequestId !== cr.id ? ` for change request ${governance.changeRequestId}` : ''}`;
    throw errors.canaryInterrupted(cr.id, subject, now);
  }
}
