import type { CompatIdEntry } from './governance-types.ts';

/** `<subject>@<major>`. */
export function compatIdOf(subject: string, major: number): string {
  return `${subject}@${major}`;
}

/**
 * The major a new version gets: the latest major when the version is
 * compatible with its live predecessor and that predecessor belongs to the
 * latest major, or when it is the very schema the latest major ended with
 * (re-registered after a delete); the next one otherwise. A predecessor in
 * an older major, or none, means the latest major's versions were all
 * deleted: the new version was not judged against them as its predecessor,
 * so it cannot join their line, and it cannot rejoin an older line without
 * the majors' version ranges overlapping.
 */
export function nextMajor(
  log: readonly CompatIdEntry[],
  predecessorVersion: number | undefined,
  compatibleWithPredecessor: boolean,
  sameSchemaAsLatestMajorsLast = false,
): { major: number; bump: boolean } {
  const latest = log.at(-1);
  if (!latest) return { major: 1, bump: true };
  const predecessorInLatest = predecessorVersion !== undefined && latest.firstVersion <= predecessorVersion && predecessorVersion <= latest.lastVersion;
  const joins = sameSchemaAsLatestMajorsLast || (compatibleWithPredecessor && predecessorInLatest);
  return joins ? { major: latest.major, bump: false } : { major: latest.major + 1, bump: true };
}

/** A subject's current compat id: its latest live version's, not the latest major's (whose versions may all be deleted). */
export function currentCompatId(log: readonly CompatIdEntry[], latestLiveVersion: number | undefined): string | null {
  return latestLiveVersion === undefined ? null : (compatIdForVersion(log, latestLiveVersion) ?? null);
}

/** The compat id a version was registered under. */
export function compatIdForVersion(log: readonly CompatIdEntry[], version: number): string | undefined {
  return log.find((e) => e.firstVersion <= version && version <= e.lastVersion)?.compatId;
}
