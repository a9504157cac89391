import type { BundleEntry } from '../core/bundle/link-bundle-references.ts';
import { errors } from '../core/errors.ts';
import type { SampleResults, SubjectJudging } from '../engine/engine-types.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { parseSchemaRequest } from '../registry/schema-request.ts';
import { validateSubjectName } from '../registry/subject-name.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import { subjectChange, type SubjectChange } from '../core/governance/bundle-change.ts';
import { bundleSubjects } from './bundle-plan.ts';
import { liveVersionWith } from '../registry/subject-state.ts';
import { buildReport } from '../core/governance/validation-report.ts';

export type { SampleResults };

export interface DryRunSubject {
  subject: string;
  schemaType: string;
  valid: boolean;
  error?: string;
  report?: SchemaValidationReport;
  /** Whether registering now would succeed under the subject's validation mode. */
  wouldRegister?: boolean;
  /** The version this exact schema is already registered as, if it is. */
  existingVersion?: number;
  /** What applying the bundle would do to the subject. */
  change?: SubjectChange;
  samples?: SampleResults;
}

export interface DryRunResult {
  /** Null when a schema of the bundle is invalid (its canonical form is unknown). */
  bundleSha: string | null;
  /** Every schema valid, registrable now, and every sample record valid. */
  ok: boolean;
  subjects: DryRunSubject[];
}

/** A bundle to dry-run: its schemas, and its sample records as JSON text (`{"<subject>": [records]}`). */
export interface DryRunInput {
  entries: BundleEntry[];
  samplesText?: string;
}

/**
 * POST /governance/dry-run with the body as text: the engine parses it and
 * keeps the sample records as text, so megabytes of samples never occupy
 * the event loop.
 */
export async function dryRunRequest(ctx: RegistryContext, text: string | undefined): Promise<DryRunResult> {
  if (text === undefined) throw errors.badRequest(BODY_SHAPE);
  const split = await ctx.catalog.run('splitBody', { text });
  return dryRun(ctx, { entries: readBundle(ctx, split.rest, split.sampleCounts), samplesText: split.samplesText });
}

/**
 * Each schema of a bundle checked as if it were registered now (against the
 * subject's live versions, level, policy and validation mode), sample
 * records validated against it, and the bundle SHA. Schemas of the bundle
 * may reference each other; nothing is written.
 */
export async function dryRun(ctx: RegistryContext, input: DryRunInput): Promise<DryRunResult> {
  const read = await bundleSubjects(ctx, input.entries.map((e) => e.subject));
  const judge: Record<string, SubjectJudging> = Object.fromEntries([...read].map(([subject, r]) => [subject, r.judging]));
  const nextVersions = Object.fromEntries([...read].map(([subject, r]) => [subject, r.nextVersion]));
  const bundle = await ctx.catalog.run('bundle', { ns: ctx.catalog.ns, entries: input.entries, nextVersions, judge, samplesText: input.samplesText });
  const createdAt = ctx.clock.now().toISOString();
  const subjects: DryRunSubject[] = [];
  for (const { entry, info, error, evaluation, samples } of bundle.entries) {
    const result: DryRunSubject = { subject: entry.subject, schemaType: entry.schemaType, valid: info !== undefined, ...(error !== undefined && { error }) };
    if (info && evaluation) {
      const { guard, snapshot } = read.get(entry.subject)!;
      const mode = guard.mode.mode;
      const existingVersion = liveVersionWith(snapshot, info.fingerprint)?.version;
      result.report = buildReport({
        subject: entry.subject,
        schemaType: info.type,
        mode,
        result: evaluation.result,
        previousVersion: judge[entry.subject].predecessor?.version ?? null,
        addedFields: evaluation.predecessor.addedFields,
        outcome: 'dry-run',
        createdAt,
      });
      result.wouldRegister = evaluation.result.compatible || mode === 'canary';
      if (existingVersion !== undefined) result.existingVersion = existingVersion;
      result.change = subjectChange(existingVersion === undefined, mode);
    }
    if (samples) result.samples = samples;
    subjects.push(result);
  }
  return {
    bundleSha: bundle.sha,
    ok: subjects.every((s) => s.valid && s.wouldRegister && (!s.samples || s.samples.invalid === 0)),
    subjects,
  };
}

const BODY_SHAPE = 'The request body must be a JSON object: {"schemas": [{"subject", "schemaType", "schema", "references"?}], "samples"?: {"<subject>": [records]}}.';

/** A bundle's schemas from a request body (its samples already split off and counted), checked. */
export function readBundle(ctx: RegistryContext, body: unknown, sampleCounts: Record<string, number> = {}): BundleEntry[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest(BODY_SHAPE);
  const raw = body as { schemas?: unknown };
  if (!Array.isArray(raw.schemas) || raw.schemas.length === 0) throw errors.invalidBundle('"schemas" must be a non-empty array');
  const subjects = new Set<string>();
  const entries = raw.schemas.map((item, i) => {
    const subject = (item as { subject?: unknown })?.subject;
    if (typeof subject !== 'string' || subject === '') throw errors.invalidBundle(`schemas[${i}] needs a "subject"`);
    validateSubjectName(subject, ctx.settings.maxSubjectLength);
    subjects.add(subject);
    const request = parseSchemaRequest(item, ctx.settings, subject);
    return { subject, schemaType: request.schemaType, schema: request.schema, references: request.references };
  });
  for (const subject of Object.keys(sampleCounts)) {
    if (!subjects.has(subject)) throw errors.invalidBundle(`samples are given for '${subject}', which has no schema in the bundle`);
  }
  return entries;
}
