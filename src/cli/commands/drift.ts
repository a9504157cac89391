import { readFileSync } from 'node:fs';
import { checkCompatibility } from '../../core/compat/check-compatibility.ts';
import { parseSchema } from '../../core/parse-schema.ts';
import { resolveReferences } from '../../client/resolve-references.ts';
import type { HttpTransport } from '../../client/http-transport.ts';
import { compareAuditDoc, readAuditDoc, readAuditDocHead, type AuditDocHead } from '../../core/governance/audit-doc.ts';
import type { AuditEntry, AuditVerification } from '../../core/governance/audit-log.ts';
import { isRegistryError } from '../../core/errors.ts';
import { CliError, exitFor, registryFrom, report, type FailOn, type RegistryOptions } from '../cli-context.ts';
import { parseLocalBundle, versionFetcher } from '../local-bundle.ts';
import { displayPath, readSchemaFiles } from '../schema-files.ts';

export interface DriftOptions extends RegistryOptions {
  schemas: string;
  doc?: string;
  /** The older spelling of `--fail-on warnings`, kept as its alias. */
  strict?: boolean;
  failOn?: FailOn;
  mapping?: string;
  /** Compare only subjects with this prefix: the files' and the registry's (others are neither drift nor extra). */
  subjectPrefix?: string;
}

interface Finding {
  level: 'failure' | 'warning';
  kind: 'different' | 'missing' | 'extra' | 'invalid' | 'audit-missing' | 'audit-extra' | 'audit-broken' | 'audit-head-lost' | 'audit-unrecorded';
  subject?: string;
  message: string;
  differences?: Array<{ ruleId: string; path: string; message: string; compatible: boolean }>;
}

/**
 * `schemagate drift`: what the repository says against what the registry
 * holds. A schema file that differs from its subject's latest version, or an
 * audit entry the governance doc lacks, is a failure (exit 2); a file the
 * registry does not have yet, a subject with no file, or a doc row the
 * registry does not know is a warning (exit 1; 2 with --fail-on warnings,
 * or its alias --strict). With --subject-prefix only subjects that start with
 * it are compared: a registry shared by several repositories is not "extra"
 * to each of them.
 */
export async function driftCommand(options: DriftOptions): Promise<number> {
  const http = registryFrom(options);
  const files = readSchemaFiles([options.schemas], options.mapping);
  const bundle = await parseLocalBundle(files, http);
  const fetch = versionFetcher(http);
  const findings: Finding[] = [];
  const prefix = options.subjectPrefix ?? '';
  // Every file is parsed (one outside the prefix may be referenced by one inside); only those inside are compared.
  const compared = bundle.entries.map((e, i) => ({ ...e, file: files[i] })).filter((e) => e.entry.subject.startsWith(prefix));

  for (const { entry, parsed, error, file: schemaFile } of compared) {
    const file = displayPath(schemaFile.path);
    if (!parsed) {
      findings.push({ level: 'failure', kind: 'invalid', subject: entry.subject, message: `${file} is not a valid schema: ${error}` });
      continue;
    }
    const latest = await fetch(entry.subject, 'latest');
    if (!latest) {
      findings.push({ level: 'warning', kind: 'missing', subject: entry.subject, message: `${file}: subject '${entry.subject}' is not in the registry` });
      continue;
    }
    const registered = parseSchema({ schemaType: latest.schemaType, schema: latest.schema, references: await resolveReferences(fetch, latest.references) });
    const sameRefs = (a: typeof parsed.references, b: typeof parsed.references) =>
      JSON.stringify(a.map((r) => [r.name, r.subject]).sort()) === JSON.stringify(b.map((r) => [r.name, r.subject]).sort());
    if (registered.type === parsed.type && registered.canonical === parsed.canonical && sameRefs(registered.references, parsed.references)) continue;
    const differences = differencesOf(parsed, registered, latest.version);
    findings.push({
      level: 'failure',
      kind: 'different',
      subject: entry.subject,
      message: `${file} differs from version ${latest.version} of '${entry.subject}'`,
      differences,
    });
  }

  const subjects = (await http.json('GET', `/subjects${prefix ? `?subjectPrefix=${encodeURIComponent(prefix)}` : ''}`)) as string[];
  for (const subject of subjects.filter((s) => s.startsWith(prefix) && !files.some((f) => f.subject === s))) {
    findings.push({ level: 'warning', kind: 'extra', subject, message: `subject '${subject}' is in the registry but has no file under ${options.schemas}` });
  }

  if (options.doc) findings.push(...(await auditFindings(http, options.doc)));
  const failures = findings.filter((f) => f.level === 'failure').length;
  const warnings = findings.length - failures;
  const exitCode = exitFor(failures, warnings, options.strict ? 'warnings' : options.failOn);
  report(
    options,
    () => [
      ...findings.flatMap((f) => [
        `${f.level === 'failure' ? '✗' : '!'} ${f.message}`,
        ...(f.differences ?? []).map((d) => `    ${d.compatible ? ' ' : '!'} ${d.ruleId} at ${d.path}: ${d.message}`),
      ]),
      findings.length === 0
        ? `no drift: ${compared.length} schema files match the registry${prefix ? ` (subjects starting with '${prefix}')` : ''}${options.doc ? ', and the audit table matches its log' : ''}`
        : `${failures} failures, ${warnings} warnings`,
    ],
    () => ({ exitCode, failures, warnings, findings }),
  );
  return exitCode;
}

/** Every difference between the file and the registered version, in both directions, once each. */
function differencesOf(file: ReturnType<typeof parseSchema>, registered: ReturnType<typeof parseSchema>, version: number) {
  try {
    const result = checkCompatibility({ candidate: file, previous: [{ version, parsed: registered }], level: 'FULL', policy: 'STRICT' });
    const seen = new Set<string>();
    return result.differences
      .filter((d) => !seen.has(`${d.ruleId} ${d.path}`) && seen.add(`${d.ruleId} ${d.path}`))
      .map((d) => ({ ruleId: d.ruleId, path: d.path, message: d.message, compatible: d.compatible }));
  } catch (err) {
    // Two formats cannot be compared rule by rule; the finding stands without details.
    if (isRegistryError(err)) return [];
    throw err;
  }
}

/** The doc's audit table against the registry's log. */
/** What the registry's own check and the document's head say about the log: each a failure. */
function tamperFindings(v: AuditVerification, doc: string, head: AuditDocHead | undefined): Finding[] {
  const out: Finding[] = [];
  if (v.firstBadEntry) out.push({ level: 'failure', kind: 'audit-broken', message: `the registry's audit log is broken at entry ${v.firstBadEntry.seq}: ${v.firstBadEntry.problem}` });
  if (head && v.expectedHead?.problem) {
    out.push({ level: 'failure', kind: 'audit-head-lost', message: `${doc} was last exported at audit entry ${head.seq}, but ${v.expectedHead.problem}` });
  }
  for (const subject of v.unrecordedStrict ?? []) {
    out.push({ level: 'failure', kind: 'audit-unrecorded', message: `${subject} is strict and audited, but no audit entry names it: its governance was changed outside the registry` });
  }
  return out;
}

export async function auditFindings(http: HttpTransport, doc: string): Promise<Finding[]> {
  let text: string;
  try {
    text = readFileSync(doc, 'utf8');
  } catch (err) {
    throw new CliError(`--doc ${doc}: ${(err as Error).message}`);
  }
  let rows;
  try {
    rows = readAuditDoc(text);
  } catch (err) {
    throw new CliError(`${doc}: ${(err as Error).message}`);
  }
  const { entries } = (await http.json('GET', '/governance/audit-log')) as { entries: AuditEntry[] };
  const { missing, extra } = compareAuditDoc(rows, entries);
  const head = readAuditDocHead(text);
  const verification = (await http.json('GET', `/governance/audit-log/verify${head ? `?expectHead=${head.hash}` : ''}`)) as AuditVerification;
  return [
    ...tamperFindings(verification, doc, head),
    ...missing.map((e): Finding => ({
      level: 'failure',
      kind: 'audit-missing',
      message: `${doc} lacks the audit entry for ${e.changeRequest} (bundle ${e.schemaBundleSha}, ${e.date}); run schemagate audit-log export --doc ${doc}`,
    })),
    ...extra.map((r): Finding => ({ level: 'warning', kind: 'audit-extra', message: `${doc} has a row for ${r.changeRequest} (bundle ${r.schemaBundleSha}) that the registry's audit log does not hold` })),
  ];
}
