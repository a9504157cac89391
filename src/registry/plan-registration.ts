import type { CompatibilityResult } from '../core/compat/check-compatibility.ts';
import { compatIdForVersion } from '../core/governance/compat-id.ts';
import { judgeRelaxation, judgesDeletedVersions, unauditedGovernance, unauditedReason, type GuardState } from '../core/governance/guard-rules.ts';
import type { SchemaValidationReport, SubjectGovernance } from '../core/governance/governance-types.ts';
import { recorded, type Actor } from '../core/governance/roles.ts';
import { errors, type RegistryError } from '../core/errors.ts';
import type { Evaluation, SchemaInfo, SubjectJudging } from '../engine/engine-types.ts';
import type { SubjectSnapshot } from '../store/store.ts';
import { judgingFor, planVersion, type VersionPlan } from './plan-version.ts';
import type { RegistrySettings } from './registry-context.ts';
import type { SchemaRequest } from './schema-request.ts';
import { configOf, guardOf, liveVersionWith, maxVersionOf, purgeableVersions, registryModeOf } from './subject-state.ts';

/*
 * A registration decided as a pure function of one subject snapshot and the
 * engine's verdicts: register, already registered, or refuse — with the
 * report — so the HTTP route, change-request apply and the tests all share
 * one decision, and the store is read once before the one write.
 */

export interface RegistrationOutcome {
  id: number;
  version: number;
  subject: string;
  /** false when this schema was already registered under the subject (nothing was written). */
  created: boolean;
  schemaCompatId?: string;
  /** The validation report of a new version (absent when nothing was written). */
  report?: SchemaValidationReport;
  /** Set when an incompatible schema was registered because the validation mode is canary. */
  warning?: string;
}

export interface RegistrationPolicy {
  settings: RegistrySettings;
  normalize: boolean;
  /** ?validationMode=strict: tightens the subject's mode for this request, never loosens it. */
  strict: boolean;
  /** Who registers: an import into a strict subject is an admin's relaxation. */
  actor: Actor;
  now: Date;
}

export type RegistrationPlan =
  | { kind: 'already-registered'; outcome: RegistrationOutcome }
  | {
      kind: 'register';
      plan: VersionPlan;
      /** An admin's import into a strict subject: its governance, unaudited, written with the version. */
      unaudit?: SubjectGovernance;
    }
  | { kind: 'refuse'; report: SchemaValidationReport; error: RegistryError };

/** What the subject's registry mode (Confluent's READONLY / IMPORT) allows, before anything is parsed. */
export function admitRegistration(snapshot: SubjectSnapshot, request: SchemaRequest): void {
  const { subject } = snapshot;
  const mode = registryModeOf(snapshot);
  if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') {
    throw errors.operationNotPermitted(`Subject '${subject}' is in read-only mode (${mode}); writes are refused until PUT /mode sets READWRITE`);
  }
  const importing = request.id !== undefined;
  if (importing && mode !== 'IMPORT') {
    throw errors.operationNotPermitted(`Subject '${subject}' is not in import mode: registering a schema with an explicit "id" needs PUT /mode/{subject} {"mode":"IMPORT"}`);
  }
  if (!importing && mode === 'IMPORT') {
    throw errors.operationNotPermitted(`Subject '${subject}' is in import mode: give the schema's "id", or set the mode back to READWRITE`);
  }
}

/** A schema the subject already serves answers with its version and writes nothing (every producer start sends one). */
export function alreadyRegistered(snapshot: SubjectSnapshot, request: SchemaRequest, fingerprint: string): RegistrationOutcome | undefined {
  const live = liveVersionWith(snapshot, fingerprint);
  if (!live || (request.version !== undefined && request.version !== live.version)) return undefined;
  const schemaCompatId = compatIdForVersion(snapshot.compatIds, live.version);
  return { id: live.schemaId, version: live.version, subject: snapshot.subject, created: false, ...(schemaCompatId && { schemaCompatId }) };
}

/** What the engine judges a candidate against: as the subject's level and guard say (an import: nothing). */
export function registrationJudging(snapshot: SubjectSnapshot, request: SchemaRequest, settings: RegistrySettings): SubjectJudging {
  const guard = guardOf(snapshot, settings.validationMode);
  return judgingFor(snapshot.versions, configOf(snapshot, settings), { importing: request.id !== undefined, includeDeleted: judgesDeletedVersions(guard) });
}

/** The registration of a parsed, judged candidate, decided from the subject's snapshot alone. */
export function planRegistration(
  snapshot: SubjectSnapshot,
  candidate: { request: SchemaRequest; info: SchemaInfo; evaluation: Omit<Evaluation, 'info'> },
  policy: RegistrationPolicy,
): RegistrationPlan {
  const { subject } = snapshot;
  const { request, info } = candidate;
  const existing = alreadyRegistered(snapshot, request, info.fingerprint);
  if (existing) return { kind: 'already-registered', outcome: existing };

  const guard: GuardState = guardOf(snapshot, policy.settings.validationMode);
  // A subject strict with no audit entry behind it takes no new schema until
  // one is recorded. Re-registering a schema it already has changes nothing
  // and is answered above.
  const unaudited = unauditedReason(guard);
  if (unaudited) throw errors.subjectUnaudited(subject, unaudited);
  // An import takes the schema as it was, unchecked: on a strict subject (even
  // one set to IMPORT before it became strict) that is an admin's relaxation.
  const importing = request.id !== undefined;
  const importRelaxation = { kind: 'import' as const, what: `importing schema id ${request.id} unchecked` };
  const importVerdict = importing ? judgeRelaxation(guard, importRelaxation, policy.actor) : 'allow';

  const maxVersion = maxVersionOf(snapshot);
  if (request.version !== undefined) {
    if (!importing && request.version !== maxVersion + 1) {
      throw errors.invalidSchema(`Invalid schema: version ${request.version} was requested, but the next version of subject '${subject}' is ${maxVersion + 1}`);
    }
    if (importing && snapshot.versions.some((v) => v.version === request.version)) {
      throw errors.operationNotPermitted(`Version ${request.version} of subject '${subject}' already exists with another schema`);
    }
  }

  const mode = policy.strict ? 'strict' : guard.mode.mode;
  const plan = planVersion({
    snapshot,
    info,
    evaluation: candidate.evaluation,
    mode,
    createdAt: policy.now.toISOString(),
    id: request.id,
    version: request.version,
    purgeVersions: purgeableVersions(snapshot, info.fingerprint, judgesDeletedVersions(guard)),
    registeredBy: recorded(policy.actor),
  });
  if (!plan.compatibility.compatible && mode === 'strict') {
    const report = plan.refusedReport();
    return { kind: 'refuse', report, error: incompatibleError(policy.settings, subject, plan.compatibility).withExtra({ report }) };
  }
  return { kind: 'register', plan, ...(importVerdict === 'unaudit' && { unaudit: unauditedGovernance(guard, importRelaxation, policy.actor, policy.now) }) };
}

function incompatibleError(settings: RegistrySettings, subject: string, compatibility: CompatibilityResult): RegistryError {
  const details = `[${compatibility.messages.join(', ')}]`;
  return settings.incompatibleErrorCode === 40901 ? errors.incompatibleSchemaDetailed(subject, details) : errors.incompatibleSchema(subject, details);
}
