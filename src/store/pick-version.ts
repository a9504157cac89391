import type { SubjectVersion } from './store.ts';

/** The version getVersionWithSchema reads: `version`, or for 'latest' the newest live one, else the newest of all. */
export function pickVersion(versions: readonly SubjectVersion[], version: number | 'latest'): SubjectVersion | undefined {
  if (version !== 'latest') return versions.find((v) => v.version === version);
  return versions.filter((v) => !v.deleted).at(-1) ?? versions.at(-1);
}
