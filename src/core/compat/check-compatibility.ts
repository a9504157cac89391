import { errors } from '../errors.ts';
import { formatFor } from '../formats/formats.ts';
import { IncomparableSchemaError } from './incomparable-schema.ts';
import type { ParsedSchema } from '../parse-schema.ts';
import type { CompatibilityLevel, CompatibilityPolicy } from '../types.ts';
import type { CheckContext, Difference } from './difference.ts';

export interface PreviousVersion {
  version: number;
  parsed: ParsedSchema;
}

/** A difference found against one earlier version, its message worded for new/old. */
export interface VersionDifference extends Difference {
  version: number;
  /** backward: the new schema reads old data; forward: old readers read new data. */
  direction: 'backward' | 'forward';
}

export interface CompatibilityResult {
  compatible: boolean;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  /** Versions compared, newest first; a transitive check stops at the first incompatible one, as Confluent does. */
  versionsChecked: number[];
  /** Every difference from the first version compared (the newest); only the breaking ones from older versions. */
  differences: VersionDifference[];
  /** Differences found beyond MAX_DIFFERENCES, counted but not listed. */
  omittedDifferences?: number;
  /** Confluent-style messages (`?verbose=true`, the 409 details). */
  messages: string[];
}

/**
 * Differences listed per check. Two schemas of thousands of fields can
 * differ in tens of thousands of places; every report and failure event
 * carries the list, so it is bounded and the rest only counted.
 */
export const MAX_DIFFERENCES = 200;

interface Plan {
  directions: Array<'backward' | 'forward'>;
  transitive: boolean;
}

/** The one place a level becomes directions and versions, for every format. */
const PLANS: Record<CompatibilityLevel, Plan> = {
  NONE: { directions: [], transitive: false },
  BACKWARD: { directions: ['backward'], transitive: false },
  BACKWARD_TRANSITIVE: { directions: ['backward'], transitive: true },
  FORWARD: { directions: ['forward'], transitive: false },
  FORWARD_TRANSITIVE: { directions: ['forward'], transitive: true },
  FULL: { directions: ['backward', 'forward'], transitive: false },
  FULL_TRANSITIVE: { directions: ['backward', 'forward'], transitive: true },
};

/**
 * Whether holding schemas to `level` guarantees everything `than` does: it
 * checks every direction `than` checks, against at least as many versions.
 * FULL_TRANSITIVE guarantees them all; NONE guarantees only itself.
 */
export function guaranteesAtLeast(level: CompatibilityLevel, than: CompatibilityLevel): boolean {
  const [a, b] = [PLANS[level], PLANS[than]];
  return b.directions.every((d) => a.directions.includes(d)) && (a.transitive || !b.transitive || b.directions.length === 0);
}

/**
 * Which of a subject's live versions (newest first) a level compares a new
 * schema with, so callers load only those.
 */
export function versionsToCheck<T>(level: CompatibilityLevel, liveNewestFirst: readonly T[]): T[] {
  const plan = PLANS[level];
  if (plan.directions.length === 0) return [];
  return plan.transitive ? [...liveNewestFirst] : liveNewestFirst.slice(0, 1);
}

/**
 * Checks a candidate schema against the versions the caller chose for the
 * level (newest first; see versionsToCheck — a governed subject adds the
 * versions it withdrew, so the list is not re-trimmed here).
 * BACKWARD: the candidate reads data written with the old schema; FORWARD:
 * the old schema reads data written with the candidate; FULL: both.
 */
export function checkCompatibility(input: {
  candidate: ParsedSchema;
  previous: readonly PreviousVersion[];
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
}): CompatibilityResult {
  const { candidate, level, policy } = input;
  const plan = PLANS[level];
  const targets = plan.directions.length === 0 ? [] : input.previous;
  const result: CompatibilityResult = { compatible: true, level, policy, versionsChecked: [], differences: [], messages: [] };
  // Backward, the candidate reads each version as a writer: versions that write alike are judged once.
  const byWriter = { all: new Map<string, Difference[]>(), breaking: new Map<string, Difference[]>() };
  for (const previous of targets) {
    result.versionsChecked.push(previous.version);
    // Worded only when listed: a transitive check of a long history finds far more than it lists.
    // The newest version compared gets every difference (what the schema adds, changes, drops); older ones only what breaks.
    const found = compareVersions(candidate, previous, plan.directions, { policy, breakingOnly: result.versionsChecked.length > 1 }, byWriter);
    const room = Math.max(0, MAX_DIFFERENCES - result.differences.length);
    const broken = found.filter((d) => !d.compatible).map(worded);
    if (found.length <= room) {
      let next = 0;
      result.differences.push(...found.map((d) => (d.compatible ? worded(d) : broken[next++])));
    }
    else {
      // Breaking differences first, so a truncated list still says what broke.
      result.differences.push(...broken.slice(0, room), ...found.filter((d) => d.compatible).slice(0, Math.max(0, room - broken.length)).map(worded));
      result.omittedDifferences = (result.omittedDifferences ?? 0) + found.length - room;
    }
    if (broken.length > 0) {
      result.compatible = false;
      result.messages.push(
        ...broken.slice(0, MAX_DIFFERENCES).map((d) => `{errorType:'${d.ruleId}', description:'${d.message}', path:'${d.path}'}`),
        `{oldSchemaVersion: ${previous.version}}`,
        `{oldSchema: '${truncate(previous.parsed.text)}'}`,
        `{compatibility: '${level}'}`,
      );
      break;
    }
  }
  return result;
}

const WORDS = { backward: { reader: 'new', writer: 'old' }, forward: { reader: 'old', writer: 'new' } } as const;

/** A difference whose message still says {reader} and {writer}, put in its direction's terms: the new schema or the old one. */
function worded(d: VersionDifference): VersionDifference {
  const words = WORDS[d.direction];
  return { ...d, message: d.message.replaceAll('{reader}', words.reader).replaceAll('{writer}', words.writer) };
}

/** The differences against one version, their messages not yet worded (see worded). */
function compareVersions(
  candidate: ParsedSchema,
  previous: PreviousVersion,
  directions: Array<'backward' | 'forward'>,
  context: CheckContext,
  byWriter: { all: Map<string, Difference[]>; breaking: Map<string, Difference[]> },
): VersionDifference[] {
  if (candidate.type !== previous.parsed.type) {
    return [
      {
        ruleId: 'SCHEMA_TYPE_CHANGED',
        path: '#/',
        message: `Incompatible because of different schema type: ${previous.parsed.type} to ${candidate.type}`,
        compatible: false,
        version: previous.version,
        direction: directions[0],
      },
    ];
  }
  const checker = formatFor(candidate.type).checker;
  const out: VersionDifference[] = [];
  for (const direction of directions) {
    const [reader, writer] = direction === 'backward' ? [candidate, previous.parsed] : [previous.parsed, candidate];
    const key = direction === 'backward' ? writer.writerKey : undefined;
    const memo = context.breakingOnly ? byWriter.breaking : byWriter.all;
    let found: Difference[] | undefined = key === undefined ? undefined : memo.get(key);
    if (found === undefined) {
      try {
        found = checker(reader.model, writer.model, context).filter((d) => !context.breakingOnly || !d.compatible);
      } catch (err) {
        if (!(err instanceof IncomparableSchemaError)) throw err;
        throw errors.invalidSchema(`Invalid schema of type ${candidate.type}: it cannot be compared with version ${previous.version}: ${err.message}`);
      }
      if (key !== undefined) memo.set(key, found);
    }
    for (const d of found) out.push({ ...d, version: previous.version, direction });
  }
  return out;
}

const MAX_SCHEMA_IN_MESSAGE = 10 * 1024;

function truncate(text: string): string {
  return text.length <= MAX_SCHEMA_IN_MESSAGE ? text : `${text.slice(0, MAX_SCHEMA_IN_MESSAGE)}...`;
}
