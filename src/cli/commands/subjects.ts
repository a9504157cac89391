import { EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';

/** `schemagate subjects`: the registry's subjects, with their latest version and validation mode. */
export async function subjectsCommand(options: RegistryOptions & { prefix?: string; deleted?: boolean }): Promise<number> {
  const http = registryFrom(options);
  const query = new URLSearchParams({ ...(options.prefix && { subjectPrefix: options.prefix }), ...(options.deleted && { deleted: 'true' }) });
  const subjects = (await http.json('GET', `/subjects${query.size > 0 ? `?${query}` : ''}`)) as string[];
  const rows = await Promise.all(
    subjects.map(async (subject) => {
      const status = await http.request('GET', `/governance/subjects/${encodeURIComponent(subject)}`);
      return status.status === 200
        ? { subject, latestVersion: status.body.latestVersion, validationMode: status.body.validationMode, audited: status.body.audited, schemaCompatId: status.body.schemaCompatId }
        : { subject };
    }),
  );
  report(
    options,
    () =>
      rows.length === 0
        ? ['no subjects']
        : rows.map((r) => `${r.subject}${'latestVersion' in r ? `  v${r.latestVersion}  ${r.validationMode}${r.audited ? '' : ' (UNAUDITED)'}  ${r.schemaCompatId ?? ''}` : ''}`),
    () => rows,
  );
  return EXIT.ok;
}
