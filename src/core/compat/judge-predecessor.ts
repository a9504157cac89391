import type { ParsedSchema } from '../parse-schema.ts';
import type { CompatibilityLevel, CompatibilityPolicy } from '../types.ts';
import { checkCompatibility, type CompatibilityResult } from './check-compatibility.ts';

/** One breaking difference, as reports and failure events carry it. */
export interface ReportedChange {
  ruleId: string;
  path: string;
  message: string;
  /** The earlier version it breaks against. */
  version: number;
  direction: 'backward' | 'forward';
}

export function toReported(d: CompatibilityResult['differences'][number]): ReportedChange {
  return { ruleId: d.ruleId, path: d.path, message: d.message, version: d.version, direction: d.direction };
}

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
