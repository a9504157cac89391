import { EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';

interface SubjectRow {
  subject: string;
  latestVersion?: number | null;
  validationMode?: string;
  audited?: boolean;
  schemaCompatId?: string | null;
}

/** `schemagate subjects`: the registry's subjects, with their latest version and validation mode, under column headers. */
export async function subjectsCommand(options: RegistryOptions & { prefix?: string; deleted?: boolean }): Promise<number> {
  const http = registryFrom(options);
  const query = new URLSearchParams({ ...(options.prefix && { subjectPrefix: options.prefix }), ...(options.deleted && { deleted: 'true' }) });
  const subjects = (await http.json('GET', `/subjects${query.size > 0 ? `?${query}` : ''}`)) as string[];
  const rows: SubjectRow[] = await Promise.all(
    subjects.map(async (subject) => {
      const status = await http.request('GET', `/governance/subjects/${encodeURIComponent(subject)}`);
      return status.status === 200
        ? { subject, latestVersion: status.body.latestVersion, validationMode: status.body.validationMode, audited: status.body.audited, schemaCompatId: status.body.schemaCompatId }
        : { subject };
    }),
  );
  report(options, () => (rows.length === 0 ? ['no subjects'] : table(rows)), () => rows);
  return EXIT.ok;
}

/** Aligned columns with a header line; a subject the governance API does not know shows dashes. */
function table(rows: SubjectRow[]): string[] {
  const cells = [
    ['SUBJECT', 'LATEST', 'MODE', 'AUDITED', 'COMPAT ID'],
    ...rows.map((r) =>
      'latestVersion' in r
        ? [r.subject, r.latestVersion === null || r.latestVersion === undefined ? '-' : `v${r.latestVersion}`, r.validationMode ?? '-', r.audited ? 'yes' : 'NO', r.schemaCompatId ?? '-']
        : [r.subject, '-', '-', '-', '-'],
    ),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}
