import { SchemaRegistryError } from '../../client/client-errors.ts';
import { errorOf, type HttpTransport } from '../../client/http-transport.ts';
import type { BundleEntry } from '../../core/bundle/link-bundle-references.ts';
import type { SchemaValidationReport } from '../../core/governance/governance-types.ts';
import { CliError, EXIT, exitFor, registryFrom, report, validationModeOf, type RegistryOptions } from '../cli-context.ts';
import { parseLocalBundle } from '../local-bundle.ts';
import { registryErrorInCliTerms } from '../registry-errors.ts';
import { displayPath, readSchemaFiles } from '../schema-files.ts';

export interface RegisterOptions extends RegistryOptions {
  mapping?: string;
  mode?: string;
}

interface Registration {
  subject: string;
  file: string;
  /** registered: a new version; unchanged: the schema already was a version; refused; skipped: not sent after an earlier refusal. */
  outcome: 'registered' | 'unchanged' | 'refused' | 'skipped';
  version?: number;
  id?: number;
  schemaCompatId?: string;
  /** The registry's validation report (absent when the schema was already registered). */
  report?: SchemaValidationReport;
  /** Why it was refused (the registry's message, in the CLI's terms). */
  error?: string;
  errorCode?: number;
}

/**
 * `schemagate register <files|dirs>`: publishes schema files as new versions
 * through POST /subjects/{subject}/versions, outside any change request.
 * The registry decides as for any client (validation mode, guardrails);
 * referenced files go first and their referrers point at the version they
 * got. Every file is parsed before anything is sent, so an invalid file
 * registers nothing; after a refusal the rest is not sent (this is not one
 * transaction: a change request applies a bundle atomically). Exit 0; 1
 * when canary registered an incompatible schema; 2 on a refusal.
 */
export async function registerCommand(paths: string[], options: RegisterOptions): Promise<number> {
  const mode = validationModeOf(options.mode);
  const files = readSchemaFiles(paths, options.mapping);
  const http = registryFrom(options);
  const bundle = await parseLocalBundle(files, http);
  const invalid = bundle.entries.filter((e) => e.error);
  if (invalid.length > 0) {
    throw new CliError(
      `nothing registered: ${invalid.map((e) => `${displayPath(files[bundle.entries.indexOf(e)].path)} (subject '${e.entry.subject}'): ${e.error}`).join('; ')}`,
    );
  }
  const fileOf = new Map(files.map((f) => [f.subject, displayPath(f.path)]));
  // The entries as the bundle links them: a $ref to another file became a reference at version -1.
  const ordered = dependenciesFirst(bundle.entries.map((e) => e.entry));
  const versions = new Map<string, number>();
  const results: Registration[] = [];
  for (const entry of ordered) {
    const file = fileOf.get(entry.subject)!;
    if (results.some((r) => r.outcome === 'refused')) {
      results.push({ subject: entry.subject, file, outcome: 'skipped' });
      continue;
    }
    const result = await registerOne(http, entry, versions, mode === 'strict');
    results.push({ file, ...result });
    if (result.version !== undefined) versions.set(entry.subject, result.version);
  }
  const refused = results.filter((r) => r.outcome === 'refused').length;
  const warnings = results.filter((r) => r.report && !r.report.compatible && r.outcome === 'registered').length;
  const exitCode = refused > 0 ? EXIT.failure : exitFor(0, warnings);
  report(options, () => human(results), () => ({ registry: http.baseUrl, exitCode, subjects: results }));
  return exitCode;
}

async function registerOne(http: HttpTransport, entry: BundleEntry, versions: Map<string, number>, strict: boolean): Promise<Omit<Registration, 'file'>> {
  // A reference to another file of the bundle points at the version it was just given, not at whatever is latest by then.
  const references = entry.references.map((r) => (r.version === -1 && versions.has(r.subject) ? { ...r, version: versions.get(r.subject)! } : r));
  const path = `/subjects/${encodeURIComponent(entry.subject)}/versions${strict ? '?validationMode=strict' : ''}`;
  let answer;
  try {
    answer = await http.request('POST', path, { schemaType: entry.schemaType, schema: entry.schema, ...(references.length > 0 && { references }) });
  } catch (err) {
    if (!(err instanceof SchemaRegistryError)) throw err;
    return { subject: entry.subject, outcome: 'refused', error: registryErrorInCliTerms(err), errorCode: err.errorCode };
  }
  if (answer.status >= 200 && answer.status < 300) {
    const body = answer.body as { id: number; version: number; schemaCompatId?: string; report?: SchemaValidationReport };
    return {
      subject: entry.subject,
      outcome: body.report ? 'registered' : 'unchanged',
      version: body.version,
      id: body.id,
      ...(body.schemaCompatId && { schemaCompatId: body.schemaCompatId }),
      ...(body.report && { report: body.report }),
    };
  }
  const error = errorOf(answer);
  return {
    subject: entry.subject,
    outcome: 'refused',
    error: registryErrorInCliTerms(error),
    errorCode: error.errorCode,
    ...(answer.body?.report && { report: answer.body.report as SchemaValidationReport }),
  };
}

/** The bundle's entries with every referenced entry before its referrers (parseLocalBundle has already refused cycles). */
function dependenciesFirst(entries: BundleEntry[]): BundleEntry[] {
  const bySubject = new Map(entries.map((e) => [e.subject, e]));
  const out: BundleEntry[] = [];
  const placed = new Set<string>();
  const place = (entry: BundleEntry) => {
    if (placed.has(entry.subject)) return;
    placed.add(entry.subject);
    for (const ref of entry.references) {
      const target = bySubject.get(ref.subject);
      if (target) place(target);
    }
    out.push(entry);
  };
  for (const entry of entries) place(entry);
  return out;
}

function human(results: Registration[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const where = `${r.subject} (${r.file})`;
    const ids = `version ${r.version}, id ${r.id}${r.schemaCompatId ? `, ${r.schemaCompatId}` : ''}`;
    if (r.outcome === 'unchanged') lines.push(`= ${where}: already registered as ${ids}`);
    else if (r.outcome === 'skipped') lines.push(`- ${where}: not sent (an earlier schema was refused)`);
    else if (r.outcome === 'refused') {
      lines.push(`✗ ${where}: refused: ${r.error}`);
      for (const c of r.report?.breakingChanges ?? []) lines.push(`    ${c.ruleId} at ${c.path} (vs version ${c.version}): ${c.message}`);
    } else if (r.report && !r.report.compatible) {
      lines.push(`! ${where}: registered as ${ids}, although INCOMPATIBLE under ${r.report.compatibilityLevel} with version ${r.report.versionsChecked.join(', ')} (canary: recorded as a validation failure)`);
      for (const c of r.report.breakingChanges) lines.push(`    ${c.ruleId} at ${c.path} (vs version ${c.version}): ${c.message}`);
    } else lines.push(`✓ ${where}: registered as ${ids}`);
  }
  const count = (outcome: Registration['outcome']) => results.filter((r) => r.outcome === outcome).length;
  lines.push(`${count('registered')} registered, ${count('unchanged')} unchanged${count('refused') > 0 ? `, 1 refused, ${count('skipped')} not sent` : ''}`);
  return lines;
}
