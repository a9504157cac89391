import { errors } from '../core/errors.ts';
import { judgeRelaxation, unauditedGovernance, unauditedReason, type GuardState, type Relaxation } from '../core/governance/guard-rules.ts';
import type { Actor } from '../core/governance/roles.ts';
import type { ValidationMode } from '../core/types.ts';
import type { Store } from '../store/store.ts';
import { guardOf } from './subject-state.ts';

/** The guard rules (src/core/governance/guard-rules.ts) applied to what the store holds. */
export async function loadGuardState(store: Store, subject: string, fallback: ValidationMode): Promise<GuardState> {
  return guardOf(await store.loadSubject(subject), fallback);
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
    if (verdict === 'unaudit') await store.setSubjectGovernance(subject, unauditedGovernance(state, relaxation, actor, context.now));
  };
}
