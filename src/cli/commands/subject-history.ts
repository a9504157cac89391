import type { CompatIdEntry, SchemaValidationReport } from '../../core/governance/governance-types.ts';
import { CliError, EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';

const subjectPath = (subject: string) => `/governance/subjects/${encodeURIComponent(subject)}`;

interface Difference {
  ruleId: string;
  path: string;
  message: string;
  compatible: boolean;
}

/** GET /governance/subjects/{s}/diff (src/governance/governance-service.ts). */
interface DiffAnswer {
  subject: string;
  from: { version: number; id: number };
  to: { version: number; id: number };
  compatibilityLevel: string;
  compatibilityPolicy: string;
  compatible: boolean;
  backward: { compatible: boolean; differences: Difference[] };
  forward: { compatible: boolean; differences: Difference[] };
}

/**
 * `schemagate diff <subject> [--from <v>] [--to <v>]`: every difference
 * between two versions, one line each with its rule id, path and message.
 * --to defaults to the latest version, --from to the version before --to.
 * Exit 0 whatever the verdict (it is a report, like `git diff`); 2 on errors.
 */
export async function diffCommand(subject: string, options: RegistryOptions & { from?: string; to?: string }): Promise<number> {
  const http = registryFrom(options);
  const to = options.to ?? 'latest';
  for (const [flag, value] of [['--from', options.from], ['--to', to]] as const) {
    if (value !== undefined && value !== 'latest' && !/^\d+$/.test(value)) throw new CliError(`${flag} must be a version number or latest, got '${value}'`);
  }
  let from = options.from;
  if (from === undefined) {
    const versions = (await http.json('GET', `/subjects/${encodeURIComponent(subject)}/versions`)) as number[];
    const toVersion = to === 'latest' ? versions.at(-1) : Number(to);
    const before = versions.filter((v) => toVersion !== undefined && v < toVersion).at(-1);
    if (before === undefined) throw new CliError(`${subject} has no version before ${to === 'latest' ? `its latest (${toVersion})` : `version ${to}`} to compare with; give --from <version>`);
    from = String(before);
  }
  const answer = (await http.json('GET', `${subjectPath(subject)}/diff?${new URLSearchParams({ from, to })}`)) as DiffAnswer;
  report(
    options,
    () => {
      const lines = [
        `${answer.subject} version ${answer.from.version} (id ${answer.from.id}) → version ${answer.to.version} (id ${answer.to.id}): ${answer.compatible ? 'compatible' : 'INCOMPATIBLE'} under ${answer.compatibilityLevel} (${answer.compatibilityPolicy})`,
      ];
      const line = (direction: string) => (d: Difference) => `${d.compatible ? ' ' : '!'} ${d.ruleId} at ${d.path}${direction}: ${d.message}`;
      lines.push(...answer.backward.differences.map(line('')));
      // Forward differences that are compatible repeat the backward ones in the other direction; only breaks are news.
      lines.push(...answer.forward.differences.filter((d) => !d.compatible).map(line(' (forward)')));
      if (lines.length === 1) lines.push('  no differences');
      return lines;
    },
    () => answer,
  );
  return EXIT.ok;
}

/**
 * `schemagate reports <subject> [--limit <n>] [--offset <n>]`: the subject's
 * validation reports, newest first, one line each with what broke under it.
 */
export async function reportsCommand(subject: string, options: RegistryOptions & { limit?: string; offset?: string }): Promise<number> {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', positive(options.limit, '--limit'));
  if (options.offset !== undefined) query.set('offset', positive(options.offset, '--offset', 0));
  const answer = (await registryFrom(options).json('GET', `${subjectPath(subject)}/reports${query.size > 0 ? `?${query}` : ''}`)) as {
    subject: string;
    total: number;
    offset: number;
    reports: Array<SchemaValidationReport & { id: number }>;
  };
  report(
    options,
    () => {
      if (answer.reports.length === 0) return [answer.total === 0 ? `${answer.subject}: no validation reports` : `${answer.subject}: no reports after offset ${answer.offset} (of ${answer.total})`];
      const lines = [`${answer.subject}: ${answer.reports.length} of ${answer.total} validation reports, newest first`];
      for (const r of answer.reports) {
        const verdict = r.compatible ? 'compatible' : `INCOMPATIBLE under ${r.compatibilityLevel}`;
        const against = r.previousVersion === null ? 'first version' : `vs version ${r.versionsChecked.join(', ') || r.previousVersion}`;
        lines.push(`${r.createdAt}  ${r.outcome.padEnd(10)} ${r.mode.padEnd(6)}  ${r.version !== undefined ? `v${r.version}` : '-'}  ${verdict} (${against})${r.changeRequestId !== undefined ? `  change request ${r.changeRequestId}` : ''}`);
        for (const c of r.breakingChanges) lines.push(`    ${c.ruleId} at ${c.path}: ${c.message}`);
      }
      return lines;
    },
    () => answer,
  );
  return EXIT.ok;
}

/** `schemagate compat-ids <subject>`: the schema_compat_id changelog, one major per line with what started it. */
export async function compatIdsCommand(subject: string, options: RegistryOptions): Promise<number> {
  const answer = (await registryFrom(options).json('GET', `${subjectPath(subject)}/compat-ids`)) as { subject: string; current: string | null; changelog: CompatIdEntry[] };
  report(
    options,
    () => [
      `${answer.subject}: current ${answer.current ?? '(none)'}`,
      ...answer.changelog.map((e) => {
        const versions = e.firstVersion === e.lastVersion ? `version ${e.firstVersion}` : `versions ${e.firstVersion}–${e.lastVersion}`;
        return `  ${e.compatId}  ${versions}  since ${e.createdAt}${whyNewMajor(e)}`;
      }),
    ],
    () => answer,
  );
  return EXIT.ok;
}

/** What began a major: the breaking changes against its predecessor, or the deleted major it could not join. */
function whyNewMajor(e: CompatIdEntry): string {
  const b = e.bumpedBy;
  if (!b) return '';
  if (b.deletedMajor) return `; new major at version ${b.version}: every version of ${b.deletedMajor} was deleted${b.previousVersion !== null ? ` (compatible with ${b.previousVersion})` : ''}`;
  return `; new major at version ${b.version}${b.previousVersion !== null ? ` (incompatible with ${b.previousVersion})` : ''}: ${b.breakingChanges.map((c) => `${c.ruleId} at ${c.path}`).join(', ') || 'no rule recorded'}`;
}

function positive(raw: string, flag: string, min = 1): string {
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new CliError(`${flag} must be a whole number${min > 0 ? ' above 0' : ''}, got '${raw}'`);
  return raw;
}
