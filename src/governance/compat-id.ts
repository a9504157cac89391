import type { CompatIdEntry } from './governance-types.ts';

/** `<subject>@<major>`. */
export function compatIdOf(subject: string, major: number): string {
  return `${subject}@${major}`;
}

/**
 * The major a new version gets: its predecessor's when it is compatible with
 * it (or when there is no live predecessor to break), the next one otherwise.
 */
export function nextMajor(current: CompatIdEntry | undefined, compatibleWithPredecessor: boolean): { major: number; bump: boolean } {
  if (!current) return { major: 1, bump: true };
  return compatibleWithPredecessor ? { major: current.major, bump: false } : { major: current.major + 1, bump: true };
}

/** The compat id a version was registered under. */
export function compatIdForVersion(log: readonly CompatIdEntry[], version: number): string | undefined {
  return log.find((e) => e.firstVersion <= version && version <= e.lastVersion)?.compatId;
}
