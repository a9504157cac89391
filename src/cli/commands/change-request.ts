import { formatDuration } from '../../core/duration.ts';
import { actingUser, CliError, EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';
import { readNdjsonFile } from '../ndjson.ts';
import { readSchemaFiles } from '../schema-files.ts';

const BASE = '/governance/change-requests';

/** The view GET /governance/change-requests/{id} answers with (the fields the CLI shows). */
interface ChangeRequestView {
  id: number;
  title: string;
  reference: string;
  state: string;
  author: { user: string };
  bundleSha: string;
  schemas: Array<{ subject: string }>;
  dryRun?: { ok: boolean; at: string; blockers: string[] };
  approvals: Array<{ role: string; user: string; notes: string }>;
  missingApprovals: string[];
  canaryStatus?: { startedAt: string; endsAt: string; remainingMs: number; failures: number; canPromote: boolean };
  closed?: { notes: string; auditSeq?: number };
}

export interface CreateOptions extends RegistryOptions {
  title: string;
  reference: string;
  description?: string;
  samples?: string[];
  majorChange?: string[];
  mapping?: string;
  quiet?: boolean;
}

/** `cr create <files…>`: a change request from schema files, with sample records from NDJSON files. */
export async function crCreateCommand(paths: string[], options: CreateOptions): Promise<number> {
  const files = readSchemaFiles(paths, options.mapping);
  const samples: Record<string, unknown[]> = {};
  for (const spec of options.samples ?? []) {
    const eq = spec.indexOf('=');
    const subject = eq > 0 ? spec.slice(0, eq) : files.length === 1 ? files[0].subject : undefined;
    if (!subject) throw new CliError(`--samples ${spec}: name the subject: --samples <subject>=<file>`);
    const records: unknown[] = [];
    for (const item of await readNdjsonFile(eq > 0 ? spec.slice(eq + 1) : spec)) {
      if ('error' in item) throw new CliError(`--samples ${spec}, line ${item.line}: ${item.error}`);
      records.push(item.value);
    }
    samples[subject] = records;
  }
  const created = (await registryFrom(options).json('POST', BASE, {
    user: actingUser(options),
    title: options.title,
    reference: options.reference,
    ...(options.description && { description: options.description }),
    schemas: files.map(({ subject, schemaType, schema, references }) => ({ subject, schemaType, schema, references })),
    ...(Object.keys(samples).length > 0 && { samples }),
    ...(options.majorChange && { majorChanges: options.majorChange }),
  })) as ChangeRequestView;
  if (options.quiet && !options.json) process.stdout.write(`${created.id}\n`);
  else report(options, () => [`change request ${created.id} created (${created.state}), bundle ${created.bundleSha}`, ...describe(created)], () => created);
  return EXIT.ok;
}

export async function crListCommand(options: RegistryOptions & { state?: string }): Promise<number> {
  const list = (await registryFrom(options).json('GET', `${BASE}${options.state ? `?state=${encodeURIComponent(options.state)}` : ''}`)) as ChangeRequestView[];
  report(
    options,
    () => (list.length === 0 ? ['no change requests'] : list.map((cr) => `${String(cr.id).padStart(4)}  ${cr.state.padEnd(14)}  ${cr.title}  (${cr.reference}, by ${cr.author.user})`)),
    () => list,
  );
  return EXIT.ok;
}

export async function crShowCommand(id: string, options: RegistryOptions): Promise<number> {
  const cr = (await registryFrom(options).json('GET', `${BASE}/${encodeURIComponent(id)}`)) as ChangeRequestView;
  report(options, () => [`change request ${cr.id}: ${cr.title} (${cr.state})`, ...describe(cr)], () => cr);
  return EXIT.ok;
}

/** cr dry-run / approve / apply / promote / reject / withdraw / fail: one POST each. */
export async function crActionCommand(action: string, id: string, options: RegistryOptions & { role?: string; notes?: string }): Promise<number> {
  const body = { user: actingUser(options), ...(options.role && { role: options.role }), ...(options.notes !== undefined && { notes: options.notes }) };
  const answer = await registryFrom(options).json('POST', `${BASE}/${encodeURIComponent(id)}/${action}`, body);
  const cr = (action === 'promote' ? answer.changeRequest : answer) as ChangeRequestView;
  const audit = action === 'promote' ? (answer.auditEntry as { seq: number; hash: string }) : undefined;
  const failedDryRun = action === 'dry-run' && cr.dryRun?.ok === false;
  report(
    options,
    () => [
      `change request ${cr.id}: ${cr.state}${audit ? `, audit entry ${audit.seq} (${audit.hash.slice(0, 12)}…)` : ''}`,
      ...describe(cr),
    ],
    () => answer,
  );
  return failedDryRun ? EXIT.failure : EXIT.ok;
}

function describe(cr: ChangeRequestView): string[] {
  const lines = [`  ${cr.reference} · by ${cr.author.user} · subjects ${cr.schemas.map((s) => s.subject).join(', ')}`, `  bundle ${cr.bundleSha}`];
  if (cr.dryRun) lines.push(`  dry-run ${cr.dryRun.ok ? 'passed' : 'FAILED'} at ${cr.dryRun.at}`, ...cr.dryRun.blockers.map((b) => `    ✗ ${b}`));
  for (const a of cr.approvals) lines.push(`  approved as ${a.role} by ${a.user}: ${a.notes}`);
  if (cr.missingApprovals.length > 0) lines.push(`  needs approval from ${cr.missingApprovals.join(' and ')}`);
  const c = cr.canaryStatus;
  if (c) {
    lines.push(
      `  canary since ${c.startedAt}: ${c.failures} failures; ${c.canPromote ? 'ready to promote' : c.failures > 0 ? 'cannot be promoted (mark it failed)' : `promotable in ${formatDuration(Math.ceil(c.remainingMs / 1000) * 1000)} (${c.endsAt})`}`,
    );
  }
  if (cr.closed?.auditSeq) lines.push(`  promoted: audit entry ${cr.closed.auditSeq}`);
  return lines;
}
