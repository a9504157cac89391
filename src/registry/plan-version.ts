import { checkCompatibility, versionsToCheck, type CompatibilityResult } from '../core/compat/check-compatibility.ts';
import { errors } from '../core/errors.ts';
import type { ParsedSchema } from '../core/parse-schema.ts';
import type { ValidationMode } from '../core/types.ts';
import { compatIdOf, nextMajor } from '../governance/compat-id.ts';
import type { SchemaValidationReport } from '../governance/governance-types.ts';
import { buildReport, judgeAgainstPredecessor } from '../governance/validation-report.ts';
import type { RegisterVersionInput, SubjectVersion } from '../store/store.ts';
import type { EffectiveConfig, RegistryContext } from './registry-context.ts';

export interface VersionPlan {
  /** What to hand the store; its expectations make a concurrent write fail instead of slipping in. */
  input: RegisterVersionInput;
  compatibility: CompatibilityResult;
  schemaCompatId: string;
  /** The report as a refusal would record it (strict mode). */
  refusedReport(): SchemaValidationReport;
}

/**
 * Everything a new version of a subject needs before it is written: the
 * compatibility verdict under the subject's level, the validation report,
 * the compat id's next major and the failure event if it is incompatible.
 * Shared by single registrations and by change requests applying a bundle.
 */
export async function planVersion(
  ctx: RegistryContext,
  args: {
    subject: string;
    parsed: ParsedSchema;
    /** Every version of the subject, deleted ones included, ascending. */
    versions: SubjectVersion[];
    config: EffectiveConfig;
    mode: ValidationMode;
    importing?: boolean;
    id?: number;
    version?: number;
    purgeVersions?: number[];
    changeRequestId?: number;
  },
): Promise<VersionPlan> {
  const { subject, parsed, versions, config, mode } = args;
  const maxVersion = versions.reduce((m, v) => Math.max(m, v.version), 0);
  const compatLog = await ctx.store.getCompatIds(subject);
  const liveNewestFirst = versions.filter((v) => !v.deleted).reverse();
  const [predecessor] = await loadParsed(ctx, liveNewestFirst.slice(0, 1));
  const compatibility = checkCompatibility({
    candidate: parsed,
    // An import takes schemas as they were: nothing to check against.
    previous: args.importing ? [] : await loadParsed(ctx, versionsToCheck(config.compatibilityLevel, liveNewestFirst)),
    level: config.compatibilityLevel,
    policy: config.compatibilityPolicy,
  });
  const againstPredecessor = judgeAgainstPredecessor(parsed, predecessor, config.compatibilityLevel, config.compatibilityPolicy);
  const major = nextMajor(compatLog.at(-1), againstPredecessor.compatible);
  const schemaCompatId = compatIdOf(subject, major.major);
  const createdAt = ctx.clock.now().toISOString();
  const report = (outcome: SchemaValidationReport['outcome']) => ({
    ...buildReport({
      subject,
      candidate: parsed,
      mode,
      result: compatibility,
      previousVersion: predecessor?.version ?? null,
      addedFields: againstPredecessor.addedFields,
      outcome,
      ...(outcome !== 'refused' && { schemaCompatId }),
      createdAt,
    }),
    ...(args.changeRequestId !== undefined && { changeRequestId: args.changeRequestId }),
  });
  const input: RegisterVersionInput = {
    subject,
    schema: { schemaType: parsed.type, schema: parsed.text, references: parsed.references, fingerprint: parsed.fingerprint },
    id: args.id,
    version: args.version,
    expectedMaxVersion: maxVersion,
    purgeVersions: args.purgeVersions ?? [],
    createdAt,
    governance: {
      report: report('registered'),
      ...(!compatibility.compatible && { failure: { mode } }),
      compat: {
        ...major,
        ...(major.bump && predecessor && {
          bumpedBy: {
            version: args.version ?? maxVersion + 1,
            previousVersion: predecessor.version,
            breakingChanges: againstPredecessor.breaking.map(({ ruleId, path }) => ({ ruleId, path })),
          },
        }),
      },
    },
  };
  return { input, compatibility, schemaCompatId, refusedReport: () => report('refused') };
}

export async function loadParsed(ctx: RegistryContext, versions: SubjectVersion[]) {
  return Promise.all(
    versions.map(async (v) => {
      const parsed = await ctx.catalog.parsedById(v.schemaId);
      if (!parsed) throw errors.storeError(`schema ${v.schemaId} of version ${v.version} of subject '${v.subject}' is missing`);
      return { version: v.version, parsed };
    }),
  );
}

/**
 * Confluent drops soft-deleted versions of a schema that is registered again
 * under the same subject, unless something still references them.
 */
export async function purgeableVersions(ctx: RegistryContext, subject: string, versions: SubjectVersion[], schemaId: number): Promise<number[]> {
  const out: number[] = [];
  for (const v of versions) {
    if (!v.deleted || v.schemaId !== schemaId) continue;
    if ((await ctx.store.getReferrers(subject, v.version)).length === 0) out.push(v.version);
  }
  return out;
}
