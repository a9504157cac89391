import { parseBundle } from '../core/bundle/parse-bundle.ts';
import { checkCompatibility, type CompatibilityResult } from '../core/compat/check-compatibility.ts';
import { judgeAgainstPredecessor, toReported, type PredecessorVerdict } from '../core/compat/judge-predecessor.ts';
import { foldRows } from '../core/diff/fold-rows.ts';
import { formatSchemaText, sideBySide } from '../core/diff/side-by-side.ts';
import { errors } from '../core/errors.ts';
import { jsonDepth } from '../core/json/json-depth.ts';
import type { LruCache } from '../core/lru-cache.ts';
import { parseSchema, type ParsedSchema } from '../core/parse-schema.ts';
import { MAX_RECORD_DEPTH, recordValidatorFor } from '../core/records/record-validator.ts';
import type {
  BundleEntryResult,
  EngineHost,
  EvaluateJob,
  JobInputs,
  JobKind,
  JobOutputs,
  SampleResults,
  SchemaInfo,
  StoredVersion,
  SubjectJudging,
} from './engine-types.ts';

/** What a job works with: the registry, reached through its host, and the cache of parsed stored schemas. */
export interface JobContext {
  host: EngineHost;
  /** Parsed stored schemas by `<ns>:<id>`, weighed in characters of schema text. */
  stored: LruCache<string, ParsedSchema>;
}

/** Invalid records listed per subject; the rest are only counted, so a large sample stays a small answer. */
const MAX_LISTED_INVALID = 100;

/** Every job of the engine, pure given its host: the same code runs on a worker thread or inline. */
export const JOBS: { [K in JobKind]: (input: JobInputs[K], ctx: JobContext) => Promise<JobOutputs[K]> } = {
  async describe({ candidate }) {
    return infoOf(parseSchema(candidate));
  },

  async evaluate(job, ctx) {
    const candidate = parseSchema(job.candidate);
    return { info: infoOf(candidate), ...(await judge(candidate, job, job.ns, ctx)) };
  },

  async bundle(job, ctx) {
    const bundle = await parseBundle(job.entries, {
      external: (refs) => ctx.host.resolveReferences(refs),
      nextVersion: async (subject) => job.nextVersions[subject] ?? 1,
    });
    const samples = job.samplesText === undefined ? {} : (JSON.parse(job.samplesText) as Record<string, unknown[]>);
    const entries: BundleEntryResult[] = [];
    for (const { entry, parsed, references, error } of bundle.entries) {
      if (!parsed) {
        entries.push({ entry, ...(error !== undefined && { error }) });
        continue;
      }
      const judging = job.judge?.[entry.subject];
      const records = samples[entry.subject];
      entries.push({
        entry,
        info: infoOf(parsed),
        source: { schemaType: entry.schemaType, schema: entry.schema, references: references ?? [] },
        ...(judging && { evaluation: await judge(parsed, judging, job.ns, ctx) }),
        ...(Array.isArray(records) && { samples: validateSamples(parsed, records) }),
      });
    }
    return { sha: bundle.sha, entries };
  },

  async diff(job, ctx) {
    const [from, to] = await loadStored([job.from, job.to], job.ns, ctx);
    const check = (level: JobInputs['diff']['level']) => checkCompatibility({ candidate: to.parsed, previous: [from], level, policy: job.policy });
    return { verdict: check(job.level), backward: check('BACKWARD'), forward: check('FORWARD') };
  },

  async sideBySide(job) {
    const oldText = job.old ? formatSchemaText(job.old.schemaType, job.old.text) : null;
    return foldRows(sideBySide(oldText, formatSchemaText(job.new.schemaType, job.new.text), job.flags));
  },

  async splitBody({ text }) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw errors.badRequest(`The request body is not valid JSON: ${(err as Error).message}`);
    }
    // The envelope holds schemas as strings: only sample records nest, and those are held to MAX_RECORD_DEPTH below.
    const depth = jsonDepth(body);
    if (depth > MAX_RECORD_DEPTH + 4) throw errors.badRequest(`The request body nests ${depth} levels deep; sample records may nest ${MAX_RECORD_DEPTH} levels at most.`);
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !('samples' in body)) return { rest: body, sampleCounts: {} };
    const { samples, ...rest } = body as Record<string, unknown>;
    if (samples === undefined || samples === null) return { rest, sampleCounts: {} };
    if (typeof samples !== 'object' || Array.isArray(samples)) throw errors.invalidBundle('"samples" must be an object of arrays of records, by subject');
    const sampleCounts: Record<string, number> = {};
    for (const [subject, records] of Object.entries(samples)) {
      if (!Array.isArray(records)) throw errors.invalidBundle(`samples for '${subject}' must be an array of records`);
      records.forEach((record, index) => {
        // Deeper records could not be validated, nor written back as JSON without running out of stack.
        const depth = jsonDepth(record);
        if (depth > MAX_RECORD_DEPTH) throw errors.invalidBundle(`sample record ${index} of '${subject}' nests ${depth} levels deep; the limit is ${MAX_RECORD_DEPTH}`);
      });
      sampleCounts[subject] = records.length;
    }
    return { rest, samplesText: JSON.stringify(samples), sampleCounts };
  },
};

/**
 * Runs one job. A stack or a buffer that runs out is the input's doing (a
 * schema nested through named types far deeper than its JSON, a union of
 * thousands of branches): it is refused like any other limit, never a 500.
 */
export async function runJob<K extends JobKind>(kind: K, input: JobInputs[K], ctx: JobContext): Promise<JobOutputs[K]> {
  try {
    return await JOBS[kind](input, ctx);
  } catch (err) {
    if (err instanceof RangeError) throw errors.checkBudgetExceeded(`it ran out of stack or buffer space (${err.message})`);
    throw err;
  }
}

export function infoOf(parsed: ParsedSchema): SchemaInfo {
  return { type: parsed.type, text: parsed.text, canonical: parsed.canonical, fingerprint: parsed.fingerprint, references: parsed.references };
}

/** A candidate against the versions its level compares it with, and against its predecessor. */
async function judge(candidate: ParsedSchema, judging: SubjectJudging | EvaluateJob, ns: string, ctx: JobContext) {
  const wanted = judging.predecessor ? [...judging.previous, judging.predecessor] : judging.previous;
  const loaded = await loadStored(wanted, ns, ctx);
  const previous = loaded.slice(0, judging.previous.length);
  const predecessor = judging.predecessor ? loaded.at(-1) : undefined;
  const result = checkCompatibility({ candidate, previous, level: judging.level, policy: judging.policy });
  return {
    result,
    predecessor: (predecessor && predecessorFromResult(result, predecessor.version)) ?? judgeAgainstPredecessor(candidate, predecessor, judging.level, judging.policy),
  };
}

/**
 * The predecessor's verdict read off the level's own check, when that check
 * compared the predecessor completely in the backward direction: each
 * verdict is computed once. A level's check of one version is the
 * predecessor check's (a transitive level's per-version directions are its
 * plain level's), and backward differences carry the added fields. Any
 * other case (NONE, FORWARD, a check that stopped before the predecessor or
 * listed only some differences) checks the predecessor on its own.
 */
function predecessorFromResult(result: CompatibilityResult, version: number): PredecessorVerdict | undefined {
  if (!result.level.startsWith('BACKWARD') && !result.level.startsWith('FULL')) return undefined;
  // Only the first version compared has its compatible differences listed (see checkCompatibility).
  if (result.versionsChecked[0] !== version || result.omittedDifferences !== undefined) return undefined;
  const own = result.differences.filter((d) => d.version === version);
  // A backward check that found nothing leaves no added fields to read: the plain check would find none either.
  const breaking = own.filter((d) => !d.compatible);
  return {
    compatible: breaking.length === 0,
    breaking: breaking.map(toReported),
    addedFields: [...new Set(own.filter((d) => d.direction === 'backward' && d.addsField).map((d) => d.path))],
  };
}

/** Stored versions parsed, from the cache or from their sources (asked of the host in one call). */
async function loadStored(versions: readonly StoredVersion[], ns: string, ctx: JobContext): Promise<Array<{ version: number; parsed: ParsedSchema }>> {
  const key = (id: number) => `${ns}:${id}`;
  // Held here too: a check over more schemas than the cache holds must not lose the first ones it loaded.
  const found = new Map<number, ParsedSchema>();
  for (const { id } of versions) {
    const cached = ctx.stored.get(key(id));
    if (cached) found.set(id, cached);
  }
  const missing = [...new Set(versions.map((v) => v.id))].filter((id) => !found.has(id));
  if (missing.length > 0) {
    const sources = await ctx.host.sources(missing);
    missing.forEach((id, i) => {
      const source = sources[i];
      if (!source) throw errors.storeError(`schema ${id} is missing from the store`);
      // The stored text is what was registered; keep it rather than a re-derived form.
      const parsed = { ...parseSchema({ ...source, trusted: true }), text: source.schema };
      ctx.stored.set(key(id), parsed);
      found.set(id, parsed);
    });
  }
  return versions.map((v) => ({ version: v.version, parsed: found.get(v.id)! }));
}

function validateSamples(schema: ParsedSchema, records: readonly unknown[]): SampleResults {
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

/** What a parsed stored schema weighs in the cache: its characters of schema text (its model takes about ten bytes of heap per character). */
export function parsedWeight(parsed: ParsedSchema): number {
  return parsed.text.length + parsed.canonical.length;
}
