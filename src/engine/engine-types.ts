import type { FoldedDiff } from '../core/diff/fold-rows.ts';
import type { DiffFlag } from '../core/diff/side-by-side.ts';
import type { BundleEntry } from '../core/bundle/link-bundle-references.ts';
import type { CompatibilityResult } from '../core/compat/check-compatibility.ts';
import type { PredecessorVerdict } from '../core/compat/judge-predecessor.ts';
import type { ResolvedReference } from '../core/formats/schema-format.ts';
import type { RecordIssue } from '../core/records/record-validator.ts';
import type { CompatibilityLevel, CompatibilityPolicy, SchemaReference, SchemaType } from '../core/types.ts';

/**
 * The schema engine: everything the registry computes from schema text —
 * parsing, canonical forms, compatibility verdicts, bundles, sample records —
 * behind plain-data jobs. Its jobs can run on worker threads, so no schema a
 * client sends ever occupies the event loop that answers every other request;
 * parsed models stay inside the engine, which caches them by stored id.
 */
export interface SchemaEngine {
  run<K extends JobKind>(kind: K, input: JobInputs[K], host: EngineHost): Promise<JobOutputs[K]>;
  /** Stored schemas that changed or went (permanent deletes, imports): drop their cached models. */
  forget(ns: string, ids: readonly number[]): void;
  close(): Promise<void>;
}

/** What the engine asks of the registry while it works (on a worker, by message). */
export interface EngineHost {
  /** Stored schemas by id, their references resolved. */
  sources(ids: number[]): Promise<Array<SchemaSource | undefined>>;
  /** References to registered subjects, resolved with their texts (version -1: the latest). */
  resolveReferences(refs: SchemaReference[]): Promise<ResolvedReference[]>;
}

/** A schema to parse, with its references resolved. */
export interface SchemaSource {
  schemaType: SchemaType;
  schema: string;
  references: ResolvedReference[];
}

/** What the registry keeps of a parsed schema; its model stays in the engine. */
export interface SchemaInfo {
  type: SchemaType;
  /** The text stored and served. */
  text: string;
  canonical: string;
  fingerprint: string;
  references: SchemaReference[];
}

/** A stored schema, as one version of a subject. */
export interface StoredVersion {
  version: number;
  id: number;
}

/** Stored schemas are cached per registry: two registries in one process may hold different schemas under one id. */
interface Namespaced {
  ns: string;
}

export interface DescribeJob {
  candidate: SchemaSource & { normalize?: boolean };
}

export interface EvaluateJob extends Namespaced {
  candidate: SchemaSource & { normalize?: boolean };
  /** The versions the level compares with, newest first. */
  previous: StoredVersion[];
  /** The subject's newest live version: the compat id and the added fields are judged against it. */
  predecessor?: StoredVersion;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
}

export interface Evaluation {
  info: SchemaInfo;
  result: CompatibilityResult;
  predecessor: PredecessorVerdict;
}

/** How one subject of a bundle is judged: as `EvaluateJob`, without the candidate. */
export type SubjectJudging = Omit<EvaluateJob, 'candidate' | 'ns'>;

export interface BundleJob extends Namespaced {
  entries: BundleEntry[];
  /** The version each bundle subject would get now; a bundle schema referencing another gets it as the reference's version. */
  nextVersions: Record<string, number>;
  /** Bundle subjects to judge against their registered versions. */
  judge?: Record<string, SubjectJudging>;
  /** `{"<subject>": [records]}` as JSON text: records to validate against the bundle's schemas. */
  samplesText?: string;
}

export interface BundleEntryResult {
  /** The entry with the references found between bundle schemas added. */
  entry: BundleEntry;
  info?: SchemaInfo;
  /** Why the schema does not parse. */
  error?: string;
  /** The schema with its references resolved, as the registry would register it. */
  source?: SchemaSource;
  evaluation?: Omit<Evaluation, 'info'>;
  samples?: SampleResults;
}

export interface BundleResult {
  /** Null when a schema of the bundle does not parse. */
  sha: string | null;
  entries: BundleEntryResult[];
}

export interface SampleResults {
  total: number;
  valid: number;
  invalid: number;
  /** The first invalid records, by index in the sample. */
  invalidRecords: Array<{ index: number; issues: RecordIssue[] }>;
}

export interface DiffJob extends Namespaced {
  from: StoredVersion;
  to: StoredVersion;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
}

export interface DiffResult {
  /** Under the subject's level. */
  verdict: CompatibilityResult;
  backward: CompatibilityResult;
  forward: CompatibilityResult;
}

/**
 * A request body with sample records, split without the event loop parsing
 * it: the samples stay JSON text (for the engine and the store), the rest
 * comes back as a value.
 */
export interface SplitBodyJob {
  text: string;
}

export interface SplitBody {
  /** The body without its `samples`. */
  rest: unknown;
  /** `samples` as compact JSON text, when the body had them. */
  samplesText?: string;
  /** Records per subject in `samples`. */
  sampleCounts: Record<string, number>;
}

/** Two schema texts side by side, flagged (src/core/diff): pretty-printing and diffing a megabyte schema is CPU work, kept off the event loop. */
export interface SideBySideJob {
  old: { schemaType: SchemaType; text: string } | null;
  new: { schemaType: SchemaType; text: string };
  flags: DiffFlag[];
}

export interface JobInputs {
  describe: DescribeJob;
  evaluate: EvaluateJob;
  bundle: BundleJob;
  diff: DiffJob;
  splitBody: SplitBodyJob;
  sideBySide: SideBySideJob;
}

export interface JobOutputs {
  describe: SchemaInfo;
  evaluate: Evaluation;
  bundle: BundleResult;
  diff: DiffResult;
  splitBody: SplitBody;
  sideBySide: FoldedDiff;
}

export type JobKind = keyof JobInputs;
