import { checkCompatibility, type CompatibilityResult } from '../core/compat/check-compatibility.ts';
import type { ParsedSchema } from '../core/parse-schema.ts';
import type { CompatibilityLevel, CompatibilityPolicy, ValidationMode } from '../core/types.ts';
import type { ReportedChange, SchemaValidationReport } from './governance-types.ts';

/** The level a schema is held to against its direct predecessor: the level itself, not transitive; BACKWARD under NONE. */
function predecessorLevel(level: CompatibilityLevel): CompatibilityLevel {
  if (level === 'NONE') return 'BACKWARD';
  return level.replace('_TRANSITIVE', '') as CompatibilityLevel;
}

export interface PredecessorVerdict {
  /** Whether the schema keeps its predecessor's major (schema_compat_id). */
  compatible: boolean;
  breaking: ReportedChange[];
  /** Paths of what the new schema adds, read backward (new reads old). */
  addedFields: string[];
}

/**
 * How a schema relates to the subject's newest live version: whether it keeps
 * the compat id's major, and which fields it adds. Under NONE nothing is
 * refused, but an incompatible change still starts a new major.
 */
export function judgeAgainstPredecessor(
  candidate: ParsedSchema,
  predecessor: { version: number; parsed: ParsedSchema } | undefined,
  level: CompatibilityLevel,
  policy: CompatibilityPolicy,
): PredecessorVerdict {
  if (!predecessor) return { compatible: true, breaking: [], addedFields: [] };
  const verdict = checkCompatibility({ candidate, previous: [predecessor], level: predecessorLevel(level), policy });
  const backward = verdict.differences.some((d) => d.direction === 'backward')
    ? verdict.differences
    : checkCompatibility({ candidate, previous: [predecessor], level: 'BACKWARD', policy }).differences;
  return {
    compatible: verdict.compatible,
    breaking: verdict.differences.filter((d) => !d.compatible).map(toReported),
    addedFields: [...new Set(backward.filter((d) => d.direction === 'backward' && d.addsField).map((d) => d.path))],
  };
}

export function toReported(d: CompatibilityResult['differences'][number]): ReportedChange {
  return { ruleId: d.ruleId, path: d.path, message: d.message, version: d.version, direction: d.direction };
}

export function buildReport(input: {
  subject: string;
  candidate: ParsedSchema;
  mode: ValidationMode;
  result: CompatibilityResult;
  previousVersion: number | null;
  addedFields: string[];
  outcome: SchemaValidationReport['outcome'];
  schemaCompatId?: string;
  createdAt: string;
}): SchemaValidationReport {
  const { result } = input;
  return {
    subject: input.subject,
    schemaType: input.candidate.type,
    mode: input.mode,
    compatibilityLevel: result.level,
    compatibilityPolicy: result.policy,
    compatible: result.compatible,
    previousVersion: input.previousVersion,
    versionsChecked: result.versionsChecked,
    breakingChanges: result.differences.filter((d) => !d.compatible).map(toReported),
    addedFields: input.addedFields,
    outcome: input.outcome,
    ...(input.schemaCompatId && { schemaCompatId: input.schemaCompatId }),
    createdAt: input.createdAt,
  };
}

/** One line for an HTTP Warning header or a log: what broke, where, against which versions. */
export function summarizeBreaking(report: SchemaValidationReport): string {
  const versions = [...new Set(report.breakingChanges.map((c) => c.version))].join(', ');
  const rules = report.breakingChanges.map((c) => `${c.ruleId} at ${c.path}`).join('; ');
  return `incompatible (${report.compatibilityLevel}, ${report.compatibilityPolicy}) with version ${versions} of subject '${report.subject}': ${rules}`;
}
