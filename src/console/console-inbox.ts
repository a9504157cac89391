import type { RegistryServices } from '../compose-registry.ts';
import * as machine from '../core/governance/change-request.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import { holds, type Actor } from '../core/governance/roles.ts';
import { canaryFailureCount, governancePolicy } from '../governance/change-request-reads.ts';
import { readSubjectModes } from '../governance/subject-modes.ts';

export type InboxKind = 'approve' | 'dry-run' | 'apply' | 'promote' | 'canary-failures' | 'unaudited';

export interface InboxItem {
  kind: InboxKind;
  /** What to do, in one line. */
  why: string;
  changeRequest?: { id: number; title: string; state: string; author: string };
  subject?: string;
}

const brief = (cr: ChangeRequest) => ({ id: cr.id, title: cr.title, state: cr.state, author: cr.author.user });
const can = (check: () => void) => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

/**
 * What needs `actor` now, by their roles and what each change request still
 * misses: approvals only they can give, their own drafts without a passing
 * dry-run, approved requests they may apply, canaries past their window
 * (data-platform promotes), canaries with failures, and strict subjects no
 * audit entry covers (admins record them). The console's banner counts it.
 */
export async function buildInbox(services: RegistryServices, actor: Actor): Promise<{ items: InboxItem[] }> {
  const store = services.registry.store;
  const policy = await governancePolicy(services.ctx);
  const now = services.registry.ctx.clock.now();
  const items: InboxItem[] = [];
  const open = await store.listChangeRequests({ state: 'dry-run-passed' });
  for (const cr of open) {
    if (!machine.awaits(cr, { name: actor.name, roles: actor.roles }, policy)) continue;
    const roles = machine.missingApprovals(cr, policy).filter((role) => actor.roles.includes(role as never));
    items.push({ kind: 'approve', why: `awaits your approval as ${roles.join(' or ')}`, changeRequest: brief(cr) });
  }
  for (const cr of await store.listChangeRequests({ state: 'draft' })) {
    if (cr.author.user !== actor.name) continue;
    items.push({ kind: 'dry-run', why: cr.dryRun ? `its dry-run failed: ${cr.dryRun.blockers[0] ?? 'see the evidence'}` : 'needs a dry-run before approvals', changeRequest: brief(cr) });
  }
  for (const cr of await store.listChangeRequests({ state: 'approved' })) {
    if (can(() => machine.assertCanApply(cr, actor, policy))) {
      items.push({ kind: 'apply', why: 'approved: apply it to start its canary window', changeRequest: brief(cr) });
    }
  }
  // Data-platform watches canaries and promotes; admins may do anything an approver may.
  const watches = holds(actor, 'data-platform') || holds(actor, 'admin');
  for (const cr of await store.listChangeRequests({ state: 'canary' })) {
    if (!watches && cr.author.user !== actor.name) continue;
    const failures = await canaryFailureCount(store, cr);
    const status = machine.canaryStatus(cr, now, policy, failures)!;
    if (failures > 0) items.push({ kind: 'canary-failures', why: `its canary saw ${failures} validation failure${failures === 1 ? '' : 's'}`, changeRequest: brief(cr) });
    else if (status.remainingMs === 0 && watches) items.push({ kind: 'promote', why: 'its canary window has passed with no failures: promote it to strict', changeRequest: brief(cr) });
  }
  if (holds(actor, 'admin')) {
    for (const row of (await readSubjectModes(services.ctx)).rows.filter((s) => s.unaudited)) {
      items.push({ kind: 'unaudited', why: 'strict with no audit entry behind it: registrations are refused until one is recorded', subject: row.subject });
    }
  }
  return { items };
}
