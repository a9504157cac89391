import { versionsToCheck, type CompatibilityResult } from '../core/compat/check-compatibility.ts';
import type { CompatibilityLevel, ValidationMode } from '../core/types.ts';
import type { Evaluation, SchemaInfo, StoredVersion, SubjectJudging } from '../engine/engine-types.ts';
import { compatIdOf, nextMajor } from '../core/governance/compat-id.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import type { RecordedActor } from '../core/governance/roles.ts';
import { buildReport } from '../core/governance/validation-report.ts';
import type { RegisterVersionInput, SubjectSnapshot, SubjectVersion } from '../store/store.ts';
import type { EffectiveConfig } from './registry-context.ts';

export interface VersionPlan {
  /** What to hand the store; its expectations make a concurrent write fail instead of slipping in. */
  input: RegisterVersionInput;
  compatibility: CompatibilityResult;
  schemaCompatId: string;
  /** An incompatible version its change request declared as a major change: recorded as planned, not as a failure. */
  planned: boolean;
  /** The report as a refusal would record it (strict mode). */
  refusedReport(): SchemaValidationReport;
}

/**
 * What the engine is asked to judge a new version of a subject against:
 * the versions its level compares with — live ones, or every one a
 * governed subject ever served (see judgesDeletedVersions) — none for an
 * import, which takes schemas as they were; and its newest live version,
 * for the compat id.
 */
export function judgingFor(versions: readonly SubjectVersion[], config: EffectiveConfig, options: { importing?: boolean; includeDeleted?: boolean } = {}): SubjectJudging {
  const newestLive = versions.filter((v) => !v.deleted).at(-1);
  return {
    previous: options.importing ? [] : comparedVersions(versions, config.compatibilityLevel, options.includeDeleted ?? false).map(toStored),
    ...(newestLive && { predecessor: toStored(newestLive) }),
    level: config.compatibilityLevel,
    policy: config.compatibilityPolicy,
  };
}

/**
 * The versions a level compares a new schema with, newest first. A governed
 * subject (`includeDeleted`) counts the versions it served and then
 * withdrew: a transitive level compares with all of them; a latest-only
 * level with the newest live version plus every deleted one newer than it,
 * so withdrawing the newest version neither skips the live latest nor lets
 * a schema its readers may still hold be contradicted.
 */
export function comparedVersions(versions: readonly SubjectVersion[], level: CompatibilityLevel, includeDeleted: boolean): SubjectVersion[] {
  const newestFirst = [...versions].reverse();
  if (!includeDeleted) return versionsToCheck(level, newestFirst.filter((v) => !v.deleted));
  const planned = versionsToCheck(level, newestFirst);
  // NONE compares with nothing; a transitive level already has every version.
  if (planned.length === 0 || planned.length === newestFirst.length) return planned;
  return latestWithWithdrawn(versions);
}

/** The newest live version and every withdrawn version newer than it, newest first: what "latest" means to a governed subject. */
export function latestWithWithdrawn(versions: readonly SubjectVersion[]): SubjectVersion[] {
  const newestFirst = [...versions].reverse();
  const newestLive = newestFirst.findIndex((v) => !v.deleted);
  return newestFirst.slice(0, newestLive === -1 ? newestFirst.length : newestLive + 1);
}

const toStored = (v: SubjectVersion): StoredVersion => ({ version: v.version, id: v.schemaId });

/**
 * Everything a new version of a subject needs before it is written, from
 * the engine's verdicts: the validation report, the compat id's next major
 * and the failure event if it is incompatible. Shared by single
 * registrations and by change requests applying a bundle.
 */
export function planVersion(args: {
  /** The subject as read inside its lock. */
  snapshot: SubjectSnapshot;
  info: SchemaInfo;
  evaluation: Omit<Evaluation, 'info'>;
  mode: ValidationMode;
  createdAt: string;
  id?: number;
  version?: number;
  purgeVersions?: number[];
  changeRequestId?: number;
  /** The change request declared this subject's incompatible change (majorChanges): a planned major, not a failure. */
  declaredMajor?: boolean;
  /** Who registers it: kept on the report, so a canary failure says who caused it. */
  registeredBy?: RecordedActor;
}): VersionPlan {
  const { info, mode, createdAt } = args;
  const { subject, versions, compatIds: compatLog } = args.snapshot;
  const { result: compatibility, predecessor: againstPredecessor } = args.evaluation;
  const maxVersion = versions.reduce((m, v) => Math.max(m, v.version), 0);
  const predecessor = versions.filter((v) => !v.deleted).at(-1);
  const latestMajor = compatLog.at(-1);
  const latestMajorsLast = latestMajor && versions.find((v) => v.version === latestMajor.lastVersion);
  const sameAsLatestMajorsLast = latestMajorsLast?.fingerprint === info.fingerprint;
  const major = nextMajor(compatLog, predecessor?.version, againstPredecessor.compatible, sameAsLatestMajorsLast);
  const schemaCompatId = compatIdOf(subject, major.major);
  const planned = args.declaredMajor === true && !compatibility.compatible;
  const report = (outcome: SchemaValidationReport['outcome']) => ({
    ...buildReport({
      subject,
      schemaType: info.type,
      mode,
      result: compatibility,
      previousVersion: predecessor?.version ?? null,
      addedFields: againstPredecessor.addedFields,
      outcome,
      ...(outcome !== 'refused' && { schemaCompatId }),
      createdAt,
    }),
    ...(args.changeRequestId !== undefined && { changeRequestId: args.changeRequestId }),
    ...(args.registeredBy && { registeredBy: args.registeredBy }),
  });
  const input: RegisterVersionInput = {
    subject,
    schema: { schemaType: info.type, schema: info.text, references: info.references, fingerprint: info.fingerprint },
    id: args.id,
    version: args.version,
    expectedMaxVersion: maxVersion,
    purgeVersions: args.purgeVersions ?? [],
    createdAt,
    governance: {
      report: report(planned ? 'planned' : 'registered'),
      ...(!compatibility.compatible && !planned && { failure: { mode } }),
      compat: {
        ...major,
        ...(major.bump && latestMajor && {
          bumpedBy: {
            version: args.version ?? maxVersion + 1,
            previousVersion: predecessor?.version ?? null,
            breakingChanges: predecessor ? againstPredecessor.breaking.map(({ ruleId, path }) => ({ ruleId, path })) : [],
            // Nothing broke: the latest major's versions were all deleted (see nextMajor).
            ...((!predecessor || againstPredecessor.compatible) && { deletedMajor: latestMajor.compatId }),
          },
        }),
      },
    },
  };
  return { input, compatibility, schemaCompatId, planned, refusedReport: () => report('refused') };
}
