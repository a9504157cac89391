import { guaranteesAtLeast } from '../compat/check-compatibility.ts';
import { errors } from '../errors.ts';
import type { CompatibilityLevel, CompatibilityPolicy, ValidationMode } from '../types.ts';
import type { SubjectGovernance } from './governance-types.ts';
import { actorLabel, holds, type Actor } from './roles.ts';

/*
 * The rules that make strict mean strict (docs/decisions/010-strict-means-strict.md),
 * as pure judgements over a subject's guard state; every route and every
 * store goes through them (the reads and writes are in src/registry/subject-guard.ts):
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

export interface EffectiveValidationMode {
  mode: ValidationMode;
  /** subject: set for the subject; global: PUT /governance/config; default: config file, environment or canary. */
  source: 'subject' | 'global' | 'default';
}

export interface GuardState {
  subject: string;
  mode: EffectiveValidationMode;
  governance?: SubjectGovernance;
  /** The change request whose canary window the subject is in. */
  canaryOf?: number;
  /** The global strict mode is recorded by an audit entry. */
  globalStrictRecorded: boolean;
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

/** The subject's governance once an admin's relaxation left it strict with no audit entry behind it. */
export function unauditedGovernance(state: GuardState, relaxation: Relaxation, actor: Actor, now: Date): SubjectGovernance {
  const by = actorLabel(actor);
  const reason = `${describeRelaxation(relaxation)} by ${by} on ${now.toISOString()}`;
  // Every reason since the last audit entry, newest last (the oldest dropped past a few thousand characters).
  const earlier = state.governance?.audited === false ? state.governance.unauditedBecause : undefined;
  return {
    ...(state.governance?.validationMode && { validationMode: state.governance.validationMode }),
    ...(state.governance?.changeRequestId !== undefined && { changeRequestId: state.governance.changeRequestId }),
    audited: false,
    unauditedBecause: (earlier ? `${earlier}; ${reason}` : reason).slice(-4000),
    updatedAt: now.toISOString(),
    updatedBy: by,
  };
}
