import { guaranteesAtLeast } from '../core/compat/check-compatibility.ts';
import { errors } from '../core/errors.ts';
import type { CompatibilityLevel, CompatibilityPolicy, ValidationMode } from '../core/types.ts';
import type { Store } from '../store/store.ts';
import type { SubjectGovernance } from '../core/governance/governance-types.ts';
import { actorLabel, holds, type Actor } from '../core/governance/roles.ts';
import { effectiveValidationMode, type EffectiveValidationMode } from './validation-mode.ts';

/**
 * The rules that make strict mean strict (docs/decisions/010-strict-means-strict.md),
 * in one place that every route and every store goes through:
 *
 * - A strict subject only changes in ways its consumers can read: its
 *   compatibility is judged against every version it ever served,
 *   soft-deleted ones included, and so is a subject in the canary window of
 *   a change request (the window's failures are the promotion's evidence).
 * - Whatever removes or relaxes what consumers rely on — deleting versions,
 *   IMPORT mode, a weaker compatibility level — is refused for writers on a
 *   strict subject; an admin may do it, and it leaves the subject unaudited,
 *   so the guardrail blocks it until an audit entry records why. During a
 *   canary window it is refused for everyone: mark the canary failed first.
 * - Strict that no audit entry records — set by hand on a subject, or by
 *   the global setting — is unaudited: registrations and change requests on
 *   the subject are refused until an entry records it.
 */
/**
 * The lock taken by whatever reads or writes the governance settings or gives
 * a subject governance of its own (CR apply and promotion, a mode set by
 * hand, an audit entry): a reserved subject name, so no subject's lock is it.
 * A global settings change then sees every governed subject.
 */
export const SETTINGS_LOCK = '__GLOBAL';

export interface GuardState {
  subject: string;
  mode: EffectiveValidationMode;
  governance?: SubjectGovernance;
  /** The change request whose canary window the subject is in. */
  canaryOf?: number;
  /** The global strict mode is recorded by an audit entry. */
  globalStrictRecorded: boolean;
}

export async function loadGuardState(store: Store, subject: string, fallback: ValidationMode): Promise<GuardState> {
  const governance = await store.getSubjectGovernance(subject);
  const mode = await effectiveValidationMode(store, subject, fallback);
  const settings = await store.getGovernanceSettings();
  let canaryOf: number | undefined;
  if (governance?.validationMode === 'canary' && governance.changeRequestId !== undefined) {
    const cr = await store.getChangeRequest(governance.changeRequestId);
    if (cr?.state === 'canary') canaryOf = cr.id;
  }
  return { subject, mode, ...(governance && { governance }), ...(canaryOf !== undefined && { canaryOf }), globalStrictRecorded: settings.globalStrictAudit !== undefined };
}

/** Why the subject is strict with no audit entry recording it, or undefined when it is not (or is recorded). */
export function unauditedReason(state: GuardState): string | undefined {
  if (state.mode.mode !== 'strict') return undefined;
  if (state.governance?.audited === false) return state.governance.unauditedBecause ?? 'it was made strict outside a promotion';
  if (state.mode.source === 'subject') return undefined;
  if (state.globalStrictRecorded) return undefined;
  return 'it is strict because of the global validation mode, which no audit entry records';
}

/** Compatibility is judged against soft-deleted versions too: consumers of a governed subject may still hold them. */
export function judgesDeletedVersions(state: GuardState): boolean {
  return state.mode.mode === 'strict' || state.canaryOf !== undefined;
}

export async function assertAudited(store: Store, subjects: Iterable<string>, fallback: ValidationMode): Promise<void> {
  for (const subject of subjects) {
    const reason = unauditedReason(await loadGuardState(store, subject, fallback));
    if (reason) throw errors.subjectUnaudited(subject, reason);
  }
}

/** The subjects another change request's canary window observes (one window per subject). */
export async function inOtherCanaries(store: Store, subjects: Iterable<string>, changeRequestId: number, fallback: ValidationMode): Promise<Array<{ subject: string; canaryOf: number }>> {
  const found = [];
  for (const subject of subjects) {
    const { canaryOf } = await loadGuardState(store, subject, fallback);
    if (canaryOf !== undefined && canaryOf !== changeRequestId) found.push({ subject, canaryOf });
  }
  return found;
}

/** Something that removes or weakens what a subject's consumers rely on. */
export type Relaxation =
  | { kind: 'delete'; what: string }
  | { kind: 'import'; what?: string }
  | { kind: 'config'; from: { compatibilityLevel: CompatibilityLevel; compatibilityPolicy: CompatibilityPolicy }; to: { compatibilityLevel: CompatibilityLevel; compatibilityPolicy: CompatibilityPolicy } };

/** Whether a config change weakens the subject's guarantee: a level that checks less, or the lenient policy. */
export function configRelaxes(change: Extract<Relaxation, { kind: 'config' }>): boolean {
  return !guaranteesAtLeast(change.to.compatibilityLevel, change.from.compatibilityLevel) || (change.from.compatibilityPolicy === 'STRICT' && change.to.compatibilityPolicy === 'LENIENT');
}

export function describeRelaxation(relaxation: Relaxation): string {
  if (relaxation.kind === 'delete') return relaxation.what;
  if (relaxation.kind === 'import') return relaxation.what ?? 'IMPORT mode';
  return `compatibility ${relaxation.from.compatibilityLevel}/${relaxation.from.compatibilityPolicy} → ${relaxation.to.compatibilityLevel}/${relaxation.to.compatibilityPolicy}`;
}

/**
 * What a relaxation may do to a subject: nothing happens to an ungoverned
 * one; it is refused during a canary window and for non-admins on a strict
 * subject; an admin's leaves the strict subject unaudited ('unaudit').
 */
export function judgeRelaxation(state: GuardState, relaxation: Relaxation, actor: Actor): 'allow' | 'unaudit' {
  if (relaxation.kind === 'config' && !configRelaxes(relaxation)) return 'allow';
  const what = describeRelaxation(relaxation);
  if (state.canaryOf !== undefined) throw errors.subjectInCanary(state.subject, state.canaryOf, what);
  if (state.mode.mode !== 'strict') return 'allow';
  if (!holds(actor, 'admin')) throw errors.strictSubjectProtected(state.subject, what);
  return 'unaudit';
}

/** Records that an admin's change left a strict subject without an audit entry behind its strictness. */
export async function markUnaudited(store: Store, state: GuardState, relaxation: Relaxation, actor: Actor, now: Date): Promise<void> {
  const by = actorLabel(actor);
  const reason = `${describeRelaxation(relaxation)} by ${by} on ${now.toISOString()}`;
  // Every reason since the last audit entry, newest last (the oldest dropped past a few thousand characters).
  const earlier = state.governance?.audited === false ? state.governance.unauditedBecause : undefined;
  await store.setSubjectGovernance(state.subject, {
    ...(state.governance?.validationMode && { validationMode: state.governance.validationMode }),
    ...(state.governance?.changeRequestId !== undefined && { changeRequestId: state.governance.changeRequestId }),
    audited: false,
    unauditedBecause: (earlier ? `${earlier}; ${reason}` : reason).slice(-4000),
    updatedAt: now.toISOString(),
    updatedBy: by,
  });
}

/**
 * Judges a relaxation of one subject (throwing a refusal) before it is
 * made, and answers what to record once it is: call inside the subject's
 * lock, make the change, then call what it answers.
 */
export async function guardRelaxation(
  store: Store,
  subject: string,
  relaxation: Relaxation,
  actor: Actor,
  context: { fallback: ValidationMode; now: Date },
): Promise<() => Promise<void>> {
  const state = await loadGuardState(store, subject, context.fallback);
  const verdict = judgeRelaxation(state, relaxation, actor);
  return async () => {
    if (verdict === 'unaudit') await markUnaudited(store, state, relaxation, actor, context.now);
  };
}
