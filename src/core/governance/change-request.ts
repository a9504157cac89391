import type { BundleEntry } from '../bundle/link-bundle-references.ts';
import { formatDuration } from '../duration.ts';
import { errors } from '../errors.ts';
import type { Approval, CanaryWindow, ChangeRequest, ChangeRequestState, DryRunEvidence, NewChangeRequest } from './change-request-types.ts';
import { holds, recorded, type Actor } from './roles.ts';

/**
 * The change request state machine, pure: every function takes a CR, the
 * acting user and the time, and returns the next CR or throws the refusal
 * from the error table. Nothing here reads a store or a clock, so each rule
 * is tested directly and the service only loads, calls and saves.
 */

export interface GovernancePolicy {
  requiredApprovals: readonly string[];
  minCanaryWindowMs: number;
}

export interface BundleProposal {
  schemas: BundleEntry[];
  /** Sample records per subject; the records themselves are kept by the store beside the CR, as text. */
  sampleCounts: Record<string, number>;
  majorChanges: string[];
  bundleSha: string;
}

/** States in which the bundle may still change and approvals are collected. */
const OPEN: readonly ChangeRequestState[] = ['draft', 'dry-run-passed', 'approved'];

const HINTS: Partial<Record<ChangeRequestState, string>> = {
  canary: 'It is in its canary window: promote it when the window has passed, or mark the canary failed.',
  strict: 'It was promoted; open a new change request for further changes.',
  rejected: 'It was rejected; open a new change request.',
  withdrawn: 'It was withdrawn; open a new change request.',
  'canary-failed': 'Its canary failed; open a new change request with a fixed bundle.',
};

export function newChangeRequest(
  input: { title: string; description: string; reference: string } & BundleProposal,
  actor: Actor,
  now: Date,
): NewChangeRequest {
  const at = now.toISOString();
  return {
    ...input,
    author: recorded(actor),
    state: 'draft',
    approvals: [],
    history: [{ from: null, to: 'draft', at, ...recorded(actor) }],
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
}

/** Editing the bundle clears the dry-run and every approval: they were given for other schemas. */
export function editBundle(cr: ChangeRequest, proposal: BundleProposal, actor: Actor, now: Date): ChangeRequest {
  requireState(cr, OPEN, 'edited');
  requireAuthorOrAdmin(cr, actor, 'edit');
  const next = move(cr, 'draft', actor, now, cr.approvals.length > 0 ? `bundle edited; ${cr.approvals.length} approval(s) cleared` : 'bundle edited');
  delete next.dryRun;
  return { ...next, ...proposal, approvals: [] };
}

/** The README's role table: an author dry-runs their own change requests; approvers (and admins) any. */
export function assertCanDryRun(cr: ChangeRequest, actor: Actor): void {
  if (actor.name === cr.author.user || ['data-platform', 'strategy-owner', 'admin'].some((role) => holds(actor, role))) return;
  throw errors.forbidden(actor.name, 'data-platform, strategy-owner, admin (or be the author)', `dry-run change request ${cr.id}, authored by '${cr.author.user}'`);
}

/**
 * A passing dry-run opens approval. A failing one sends the CR back to
 * draft; if it had approvals they are cleared, since the evidence they were
 * given on no longer holds (the registry changed under the bundle).
 */
export function attachDryRun(cr: ChangeRequest, evidence: DryRunEvidence, actor: Actor, now: Date): ChangeRequest {
  requireState(cr, OPEN, 'dry-run');
  assertCanDryRun(cr, actor);
  if (evidence.ok) {
    const to = cr.state === 'approved' ? 'approved' : 'dry-run-passed';
    return { ...move(cr, to, actor, now, 'dry-run passed'), dryRun: evidence };
  }
  const note = `dry-run failed: ${evidence.blockers.join('; ')}`;
  return { ...move(cr, 'draft', actor, now, cr.approvals.length > 0 ? `${note}; approvals cleared` : note), dryRun: evidence, approvals: [] };
}

export function missingApprovals(cr: ChangeRequest, policy: GovernancePolicy): string[] {
  return policy.requiredApprovals.filter((role) => !cr.approvals.some((a) => a.role === role));
}

/**
 * Whether the CR waits for an approval `who` can give: it passed its
 * dry-run, misses a role `who` holds, and `who` is neither its author nor
 * one of its approvers (the same person never approves twice). Without a
 * name (`--awaiting <role>`), only the role counts.
 */
export function awaits(cr: ChangeRequest, who: { name?: string; roles: readonly string[] }, policy: GovernancePolicy): boolean {
  if (cr.state !== 'dry-run-passed') return false;
  if (who.name !== undefined && (who.name === cr.author.user || cr.approvals.some((a) => a.user === who.name))) return false;
  return missingApprovals(cr, policy).some((role) => who.roles.includes(role));
}

/** One approval in one role: by someone other than the author, holding the role, not already approving in another. */
export function approve(cr: ChangeRequest, input: { role: string; notes: string }, actor: Actor, now: Date, policy: GovernancePolicy): ChangeRequest {
  if (cr.state === 'draft') {
    throw errors.dryRunRequired(cr.id, cr.dryRun ? `its last dry-run failed (${cr.dryRun.blockers[0] ?? 'see its evidence'})` : 'it has no dry-run yet');
  }
  requireState(cr, ['dry-run-passed', 'approved'], 'approved');
  if (!policy.requiredApprovals.includes(input.role)) {
    throw errors.invalidChangeRequest(`'${input.role}' is not a required approval role; the policy requires ${policy.requiredApprovals.join(' and ')}`);
  }
  if (actor.name === cr.author.user) throw errors.approveOwnChangeRequest(actor.name, cr.id);
  if (!holds(actor, input.role)) throw errors.missingApproverRole(actor.name, input.role);
  const sameRole = cr.approvals.find((a) => a.role === input.role);
  if (sameRole) throw errors.roleAlreadyApproved(input.role, cr.id, sameRole.user);
  const sameUser = cr.approvals.find((a) => a.user === actor.name);
  if (sameUser) throw errors.approverAlreadyApproved(actor.name, cr.id, sameUser.role);
  if (input.notes.trim() === '') throw errors.invalidChangeRequest('an approval needs reviewer notes ("notes")');
  const approval: Approval = { role: input.role, notes: input.notes, at: now.toISOString(), ...recorded(actor) };
  const approvals = [...cr.approvals, approval];
  const complete = policy.requiredApprovals.every((role) => approvals.some((a) => a.role === role));
  const to = complete ? 'approved' : cr.state;
  return { ...move(cr, to, actor, now, `approved as ${input.role}`), approvals };
}

/** Checked before the bundle is planned, so a refused apply writes nothing. */
export function assertCanApply(cr: ChangeRequest, actor: Actor, policy: GovernancePolicy): void {
  if (cr.state === 'draft' || cr.state === 'dry-run-passed' || cr.state === 'approved') {
    const missing = missingApprovals(cr, policy);
    if (cr.state !== 'approved' || missing.length > 0) throw errors.approvalsMissing(cr.id, (missing.length > 0 ? missing : policy.requiredApprovals).join(' and '));
  }
  requireState(cr, ['approved'], 'applied');
  if (actor.name !== cr.author.user && !holds(actor, 'data-platform') && !holds(actor, 'admin')) {
    throw errors.forbidden(actor.name, 'data-platform, admin (or be the author)', `apply change request ${cr.id}`);
  }
}

export function startCanary(
  cr: ChangeRequest,
  registered: CanaryWindow['registered'],
  subjects: string[],
  actor: Actor,
  now: Date,
  policy: GovernancePolicy,
): ChangeRequest {
  assertCanApply(cr, actor, policy);
  const canary: CanaryWindow = {
    startedAt: now.toISOString(),
    minWindowMs: policy.minCanaryWindowMs,
    endsAt: new Date(now.getTime() + policy.minCanaryWindowMs).toISOString(),
    registered,
    subjects,
    ...recorded(actor),
  };
  return { ...move(cr, 'canary', actor, now, `applied; canary window of ${formatDuration(policy.minCanaryWindowMs)} started`), canary };
}

export interface CanaryStatus {
  startedAt: string;
  /** The window that applies now: the longer of the policy at apply time and today's. */
  windowMs: number;
  endsAt: string;
  elapsedMs: number;
  remainingMs: number;
  failures: number;
}

export function canaryStatus(cr: ChangeRequest, now: Date, policy: GovernancePolicy, failures: number): CanaryStatus | undefined {
  if (!cr.canary) return undefined;
  const start = Date.parse(cr.canary.startedAt);
  // Never shorter than promised when the canary began, and never shorter than today's policy.
  const windowMs = Math.max(cr.canary.minWindowMs, policy.minCanaryWindowMs);
  const elapsedMs = now.getTime() - start;
  return {
    startedAt: cr.canary.startedAt,
    windowMs,
    endsAt: new Date(start + windowMs).toISOString(),
    elapsedMs,
    remainingMs: Math.max(0, windowMs - elapsedMs),
    failures,
  };
}

/** Strict only after a whole, clean window. Failures are checked first: waiting longer would not help. */
export function promote(cr: ChangeRequest, notes: string, actor: Actor, now: Date, policy: GovernancePolicy, failures: number): ChangeRequest {
  requireState(cr, ['canary'], 'promoted');
  const status = canaryStatus(cr, now, policy, failures)!;
  if (failures > 0) throw errors.canaryHasFailures(cr.id, failures);
  if (status.remainingMs > 0) throw errors.canaryWindowOpen(cr.id, formatDuration(Math.ceil(status.remainingMs / 1000) * 1000), status.endsAt);
  return { ...move(cr, 'strict', actor, now, 'promoted to strict'), closed: { at: now.toISOString(), notes, ...recorded(actor) } };
}

/** The promoted CR with its audit entry's number, once the store has appended it. */
export function withAuditSeq(cr: ChangeRequest, seq: number): ChangeRequest {
  return { ...cr, closed: { ...cr.closed!, auditSeq: seq } };
}

export function markCanaryFailed(cr: ChangeRequest, notes: string, actor: Actor, now: Date): ChangeRequest {
  requireState(cr, ['canary'], 'marked failed');
  return { ...move(cr, 'canary-failed', actor, now, notes || 'canary failed'), closed: { at: now.toISOString(), notes, ...recorded(actor) } };
}

export function reject(cr: ChangeRequest, notes: string, actor: Actor, now: Date): ChangeRequest {
  requireState(cr, OPEN, 'rejected');
  if (notes.trim() === '') throw errors.invalidChangeRequest('a rejection needs notes saying why ("notes")');
  return { ...move(cr, 'rejected', actor, now, notes), closed: { at: now.toISOString(), notes, ...recorded(actor) } };
}

export function withdraw(cr: ChangeRequest, notes: string, actor: Actor, now: Date): ChangeRequest {
  requireState(cr, OPEN, 'withdrawn');
  requireAuthorOrAdmin(cr, actor, 'withdraw');
  return { ...move(cr, 'withdrawn', actor, now, notes || 'withdrawn'), closed: { at: now.toISOString(), notes, ...recorded(actor) } };
}

function move(cr: ChangeRequest, to: ChangeRequestState, actor: Actor, now: Date, note: string): ChangeRequest {
  const at = now.toISOString();
  return {
    ...cr,
    state: to,
    history: [...cr.history, { from: cr.state, to, at, note, ...recorded(actor) }],
    updatedAt: at,
    revision: cr.revision + 1,
  };
}

function requireState(cr: ChangeRequest, allowed: readonly ChangeRequestState[], action: string): void {
  if (allowed.includes(cr.state)) return;
  const hint = HINTS[cr.state] ?? `That needs one of the states ${allowed.join(', ')}.`;
  throw errors.changeRequestWrongState(cr.id, cr.state, action, hint);
}

function requireAuthorOrAdmin(cr: ChangeRequest, actor: Actor, what: string): void {
  if (actor.name !== cr.author.user && !holds(actor, 'admin')) {
    throw errors.forbidden(actor.name, 'admin (or be the author)', `${what} change request ${cr.id}, authored by '${cr.author.user}'`);
  }
}

/** The subjects a CR's canary window observes and its promotion makes strict (every bundle subject for CRs applied before windows listed them). */
export function windowSubjects(cr: ChangeRequest): string[] {
  return cr.canary?.subjects ?? cr.schemas.map((s) => s.subject);
}
