import type { HttpTransport } from '../../client/http-transport.ts';
import { changeSummary, describeChangeRequest, subjectsOf, type ChangeRequestView } from '../change-request-view.ts';
import { actingUser, CliError, cliErrorOf, EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';
import { readNdjsonFile } from '../ndjson.ts';
import { sampleFiles } from '../sample-specs.ts';
import { readSchemaFiles, type SchemaFile } from '../schema-files.ts';

const BASE = '/governance/change-requests';

/** What create and edit take: the bundle's files, their samples and the intended major changes. */
export interface BundleOptions extends RegistryOptions {
  samples?: string[];
  majorChange?: string[];
  mapping?: string;
}

export interface CreateOptions extends BundleOptions {
  title: string;
  reference: string;
  description?: string;
  quiet?: boolean;
}

/** The bundle part of a create or edit body: schemas, samples read from NDJSON, majorChanges. */
async function bundleBody(paths: string[], options: BundleOptions): Promise<{ files: SchemaFile[]; body: Record<string, unknown> }> {
  const files = readSchemaFiles(paths, options.mapping);
  const subjects = files.map((f) => f.subject);
  const stray = options.majorChange?.find((s) => !subjects.includes(s));
  if (stray !== undefined) throw new CliError(`--major-change ${stray}: '${stray}' is not a subject of the schema files given (${subjects.join(', ')})`);
  const samples: Record<string, unknown[]> = {};
  for (const [subject, file] of sampleFiles(options.samples ?? [], subjects)) {
    const records: unknown[] = [];
    for (const item of await readNdjsonFile(file)) {
      if ('error' in item) throw new CliError(`--samples ${file}, line ${item.line}: ${item.error}`);
      records.push(item.value);
    }
    samples[subject] = records;
  }
  return {
    files,
    body: {
      schemas: files.map(({ subject, schemaType, schema, references }) => ({ subject, schemaType, schema, references })),
      ...(Object.keys(samples).length > 0 && { samples }),
      ...(options.majorChange && { majorChanges: options.majorChange }),
    },
  };
}

/** `cr create <files…>`: a change request from schema files, with sample records from NDJSON files. */
export async function crCreateCommand(paths: string[], options: CreateOptions): Promise<number> {
  const { files, body } = await bundleBody(paths, options);
  const http = registryFrom(options);
  const created = (await http.json('POST', BASE, {
    user: actingUser(options),
    title: options.title,
    reference: options.reference,
    ...(options.description && { description: options.description }),
    ...body,
  })) as ChangeRequestView;
  if (options.quiet && !options.json) {
    process.stdout.write(`${created.id}\n`);
    return EXIT.ok;
  }
  const preview = options.json ? [] : await previewChanges(http, files);
  report(options, () => [`change request ${created.id} created (${created.state})`, ...describeChangeRequest(created, preview)], () => created);
  return EXIT.ok;
}

/**
 * `cr edit <id> <files…>`: replaces the bundle (schemas, samples, major
 * changes) of an open change request; the registry sends it back to draft
 * and clears its dry-run and approvals.
 */
export async function crEditCommand(id: string, paths: string[], options: BundleOptions): Promise<number> {
  const { files, body } = await bundleBody(paths, options);
  const http = registryFrom(options);
  const edited = (await http.json('PUT', `${BASE}/${encodeURIComponent(id)}/schemas`, { user: actingUser(options), ...body })) as ChangeRequestView;
  const preview = options.json ? [] : await previewChanges(http, files);
  report(options, () => [`change request ${edited.id} edited (${edited.state}): its dry-run and approvals are cleared`, ...describeChangeRequest(edited, preview)], () => edited);
  return EXIT.ok;
}

/**
 * Which subjects a new or edited bundle changes, before its dry-run: the
 * registry's stateless dry-run (schemas only) says which schemas are
 * already registered. The change request is saved by then, so a failure
 * here is reported as a line, not as the command's failure.
 */
async function previewChanges(http: HttpTransport, files: SchemaFile[]): Promise<string[]> {
  try {
    const dry = (await http.json('POST', '/governance/dry-run', {
      schemas: files.map(({ subject, schemaType, schema, references }) => ({ subject, schemaType, schema, references })),
    })) as { subjects: Array<{ subject: string; existingVersion?: number }> };
    return changeSummary(files.map((f) => f.subject), dry.subjects);
  } catch (err) {
    return [`  (could not tell which subjects it changes: ${cliErrorOf(err)?.message ?? (err as Error).message})`];
  }
}

export interface ListOptions extends RegistryOptions {
  state?: string;
  awaiting?: string;
}

/**
 * `cr list [--state <s>] [--awaiting me|<role>]`. The registry filters
 * (`?awaiting=`): change requests whose dry-run passed and which miss an
 * approval the role (or, for `me`, the acting user) can give, leaving out
 * for `me` those the user authored or approved. With auth off the registry
 * learns who `me` is from `user=`, as governance writes name it in their body.
 */
export async function crListCommand(options: ListOptions): Promise<number> {
  const query = new URLSearchParams();
  if (options.state) query.set('state', options.state);
  const awaiting = options.awaiting?.trim();
  if (awaiting !== undefined) {
    if (awaiting === '') throw new CliError('--awaiting: give me or a role, e.g. --awaiting data-platform');
    query.set('awaiting', awaiting);
    if (awaiting === 'me') query.set('user', actingUser(options));
  }
  const list = (await registryFrom(options).json('GET', `${BASE}${query.size > 0 ? `?${query}` : ''}`)) as ChangeRequestView[];
  report(
    options,
    () =>
      list.length === 0
        ? [awaiting !== undefined ? `no change requests awaiting ${awaiting === 'me' ? 'your approval' : `a ${awaiting} approval`}` : 'no change requests']
        : list.map(
            (cr) =>
              `${String(cr.id).padStart(4)}  ${cr.state.padEnd(14)}  ${cr.title}  (${cr.reference}, by ${cr.author.user}; ${subjectsOf(cr).join(', ')})${cr.missingApprovals.length > 0 ? `  needs ${cr.missingApprovals.join(', ')}` : ''}`,
          ),
    () => list,
  );
  return EXIT.ok;
}

export async function crShowCommand(id: string, options: RegistryOptions): Promise<number> {
  const cr = (await registryFrom(options).json('GET', `${BASE}/${encodeURIComponent(id)}`)) as ChangeRequestView;
  report(options, () => [`change request ${cr.id}: ${cr.title} (${cr.state})`, ...describeChangeRequest(cr)], () => cr);
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
    () => [`change request ${cr.id}: ${cr.state}${audit ? `, audit entry ${audit.seq} (${audit.hash.slice(0, 12)}…)` : ''}`, ...describeChangeRequest(cr)],
    () => answer,
  );
  return failedDryRun ? EXIT.failure : EXIT.ok;
}
