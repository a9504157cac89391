import type { BundleEntry } from '../core/bundle/link-bundle-references.ts';
import { parseBundle } from '../core/bundle/parse-bundle.ts';
import { checkCompatibility, versionsToCheck } from '../core/compat/check-compatibility.ts';
import { errors } from '../core/errors.ts';
import type { ParsedSchema } from '../core/parse-schema.ts';
import { recordValidatorFor, type RecordIssue } from '../core/records/record-validator.ts';
import { effectiveConfig, type RegistryContext } from '../registry/registry-context.ts';
import { parseSchemaRequest } from '../registry/schema-request.ts';
import { validateSubjectName } from '../registry/subject-name.ts';
import type { SchemaValidationReport } from './governance-types.ts';
import { effectiveValidationMode } from './validation-mode.ts';
import { buildReport, judgeAgainstPredecessor } from './validation-report.ts';

/** Invalid records listed per subject; the rest are only counted, so a large sample stays a small answer. */
const MAX_LISTED_INVALID = 100;

export interface SampleResults {
  total: number;
  valid: number;
  invalid: number;
  /** The first invalid records, by index in the sample. */
  invalidRecords: Array<{ index: number; issues: RecordIssue[] }>;
}

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
  samples?: SampleResults;
}

export interface DryRunResult {
  /** Null when a schema of the bundle is invalid (its canonical form is unknown). */
  bundleSha: string | null;
  /** Every schema valid, registrable now, and every sample record valid. */
  ok: boolean;
  subjects: DryRunSubject[];
}

/**
 * POST /governance/dry-run: each schema of a bundle checked as if it were
 * registered now (against the subject's live versions, level, policy and
 * validation mode), sample records validated against it, and the bundle SHA.
 * Schemas of the bundle may reference each other; nothing is written.
 */
export async function dryRun(ctx: RegistryContext, body: unknown): Promise<DryRunResult> {
  const { entries, samples } = readBundle(ctx, body);
  const bundle = await parseBundle(entries, {
    external: (refs) => ctx.catalog.resolveReferences(refs),
    nextVersion: async (subject) => (await ctx.store.getVersions(subject)).reduce((m, v) => Math.max(m, v.version), 0) + 1,
  });
  const subjects: DryRunSubject[] = [];
  for (const { entry, parsed, error } of bundle.entries) {
    const result: DryRunSubject = { subject: entry.subject, schemaType: entry.schemaType, valid: parsed !== undefined, ...(error && { error }) };
    if (parsed) {
      Object.assign(result, await judge(ctx, entry.subject, parsed));
      const records = samples.get(entry.subject);
      if (records) result.samples = validateSamples(parsed, records);
    }
    subjects.push(result);
  }
  const allValid = subjects.every((s) => s.valid);
  return {
    bundleSha: bundle.sha,
    ok: allValid && subjects.every((s) => s.wouldRegister && (!s.samples || s.samples.invalid === 0)),
    subjects,
  };
}

/** A bundle and its samples from a request body, checked: subjects, schema requests, samples by subject. */
export function readBundle(ctx: RegistryContext, body: unknown): { entries: BundleEntry[]; samples: Map<string, unknown[]> } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest('The request body must be a JSON object: {"schemas": [{"subject", "schemaType", "schema", "references"?}], "samples"?: {"<subject>": [records]}}.');
  }
  const raw = body as { schemas?: unknown; samples?: unknown };
  if (!Array.isArray(raw.schemas) || raw.schemas.length === 0) throw errors.invalidBundle('"schemas" must be a non-empty array');
  const seen = new Set<string>();
  const entries = raw.schemas.map((item, i) => {
    const subject = (item as { subject?: unknown })?.subject;
    if (typeof subject !== 'string' || subject === '') throw errors.invalidBundle(`schemas[${i}] needs a "subject"`);
    validateSubjectName(subject, ctx.settings.maxSubjectLength);
    seen.add(subject);
    const request = parseSchemaRequest(item, ctx.settings.maxSchemaBytes);
    return { subject, schemaType: request.schemaType, schema: request.schema, references: request.references };
  });
  const samples = new Map<string, unknown[]>();
  if (raw.samples !== undefined) {
    if (raw.samples === null || typeof raw.samples !== 'object' || Array.isArray(raw.samples)) {
      throw errors.invalidBundle('"samples" must be an object of arrays of records, by subject');
    }
    for (const [subject, records] of Object.entries(raw.samples)) {
      if (!Array.isArray(records)) throw errors.invalidBundle(`samples for '${subject}' must be an array of records`);
      if (!seen.has(subject)) throw errors.invalidBundle(`samples are given for '${subject}', which has no schema in the bundle`);
      samples.set(subject, records);
    }
  }
  return { entries, samples };
}

/** The report the subject would get if the schema were registered now. */
async function judge(ctx: RegistryContext, subject: string, schema: ParsedSchema): Promise<Partial<DryRunSubject>> {
  const config = await effectiveConfig(ctx, subject);
  const versions = await ctx.store.getVersions(subject);
  const live = versions.filter((v) => !v.deleted).reverse();
  const load = async (list: typeof live) =>
    Promise.all(list.map(async (v) => ({ version: v.version, parsed: (await ctx.catalog.parsedById(v.schemaId))! })));
  const result = checkCompatibility({ candidate: schema, previous: await load(versionsToCheck(config.compatibilityLevel, live)), level: config.compatibilityLevel, policy: config.compatibilityPolicy });
  const [predecessor] = await load(live.slice(0, 1));
  const { mode } = await effectiveValidationMode(ctx.store, subject, ctx.settings.validationMode);
  const existing = await ctx.store.findSchemaByFingerprint(schema.fingerprint);
  const existingVersion = existing && live.find((v) => v.schemaId === existing.id)?.version;
  const report = buildReport({
    subject,
    candidate: schema,
    mode,
    result,
    previousVersion: predecessor?.version ?? null,
    addedFields: judgeAgainstPredecessor(schema, predecessor, config.compatibilityLevel, config.compatibilityPolicy).addedFields,
    outcome: 'dry-run',
    createdAt: ctx.clock.now().toISOString(),
  });
  return { report, wouldRegister: result.compatible || mode === 'canary', ...(existingVersion !== undefined && { existingVersion }) };
}

function validateSamples(schema: ParsedSchema, records: unknown[]): SampleResults {
  const validate = recordValidatorFor(schema);
  const results: SampleResults = { total: records.length, valid: 0, invalid: 0, invalidRecords: [] };
  records.forEach((record, index) => {
    const issues = validate(record);
    if (issues.length === 0) results.valid++;
    else {
      results.invalid++;
      if (results.invalidRecords.length < MAX_LISTED_INVALID) results.invalidRecords.push({ index, issues });
    }
  });
  return results;
}
