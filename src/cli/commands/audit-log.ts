import { readFileSync, writeFileSync } from 'node:fs';
import { exportToAuditDoc, recordInAuditDoc } from '../../core/governance/audit-doc.ts';
import { renderAuditMarkdown, type AuditEntry, type AuditVerification } from '../../core/governance/audit-log.ts';
import { actingUser, CliError, DEFAULT_DOC, EXIT, exitFor, registryFrom, report, type RegistryOptions } from '../cli-context.ts';
import { auditFindings } from './drift.ts';


export interface RecordOptions extends RegistryOptions {
  schemaBundleSha: string;
  changeRequest: string;
  validationWindow: string;
  notes?: string;
  date?: string;
  doc?: string;
  dryRun?: boolean;
  /** Subjects the entry covers: with them (and a registry) the entry is recorded in the registry too. */
  subjects?: string[];
  /** The entry records the global strict validation mode (in the registry too). */
  global?: boolean;
}

function readDoc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`--doc ${path}: ${(err as Error).message}`);
  }
}

/**
 * `audit-log record`: the runbook helper. Puts the entry first in the doc's
 * table (dropping an older row for the same change request, `_TBD_` last);
 * --dry-run prints the document and writes nothing. With --subjects the
 * registry records the entry as well (an admin's manual entry, which clears
 * those subjects if they were made strict by hand).
 */
export async function auditRecordCommand(options: RecordOptions): Promise<number> {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CliError(`--date must be a day such as 2026-11-27, got '${date}'`);
  if (!/^[0-9a-f]{64}$/.test(options.schemaBundleSha)) throw new CliError('--schema-bundle-sha must be a SHA-256 in hex (64 characters), as `schemagate bundle-sha` prints it');
  const doc = options.doc ?? DEFAULT_DOC;
  const entry = { date, schemaBundleSha: options.schemaBundleSha, changeRequest: options.changeRequest, validationWindow: options.validationWindow, notes: options.notes ?? '' };
  const text = readDoc(doc);
  if (options.dryRun) {
    process.stdout.write(recordInAuditDoc(text, entry));
    return EXIT.ok;
  }
  let recorded: AuditEntry | undefined;
  if ((options.subjects && options.subjects.length > 0) || options.global) {
    recorded = await registryFrom(options).json('POST', '/governance/audit-log', {
      ...entry,
      subjects: options.subjects ?? [],
      ...(options.global && { global: true }),
      user: actingUser(options),
    });
  }
  writeFileSync(doc, recordInAuditDoc(text, entry, recorded && { seq: recorded.seq, hash: recorded.hash }));
  report(
    options,
    () => [`recorded ${entry.changeRequest} in ${doc}${recorded ? ` and in the registry's audit log (entry ${recorded.seq})` : ''}`],
    () => ({ doc, entry, registryEntry: recorded ?? null }),
  );
  return EXIT.ok;
}

/** `audit-log export`: the registry's log as the runbook table, into --doc or to stdout (--json: the entries). */
export async function auditExportCommand(options: RegistryOptions & { doc?: string }): Promise<number> {
  const { entries } = (await registryFrom(options).json('GET', '/governance/audit-log')) as { entries: AuditEntry[] };
  if (options.doc) {
    writeFileSync(options.doc, exportToAuditDoc(readDoc(options.doc), entries));
    report(options, () => [`wrote ${entries.length} audit entries into ${options.doc}`], () => ({ doc: options.doc, entries }));
  } else if (options.json) report(options, () => [], () => ({ entries }));
  else process.stdout.write(renderAuditMarkdown(entries));
  return EXIT.ok;
}

/**
 * `audit-log verify [--expect-head <hash>]`: the registry's hash chain, the
 * subjects' governance against it, and a head kept outside the registry;
 * exit 2 naming what is wrong.
 */
export async function auditVerifyCommand(options: RegistryOptions & { expectHead?: string }): Promise<number> {
  if (options.expectHead !== undefined && !/^[0-9a-f]{64}$/i.test(options.expectHead)) throw new CliError('--expect-head must be an audit entry hash (64 hex characters), as `schemagate audit-log verify` prints it');
  const query = options.expectHead ? `?expectHead=${options.expectHead}` : '';
  const result = (await registryFrom(options).json('GET', `/governance/audit-log/verify${query}`)) as AuditVerification;
  const problems = [
    ...(result.firstBadEntry ? [`✗ audit log broken at entry ${result.firstBadEntry.seq}: ${result.firstBadEntry.problem}`] : []),
    ...(result.expectedHead?.problem ? [`✗ ${result.expectedHead.problem}`] : []),
    ...(result.unrecordedStrict ?? []).map((s) => `✗ ${s} is strict and audited, but no audit entry names it: its governance was changed outside the registry`),
  ];
  report(
    options,
    () => (result.ok ? [`audit log verified: ${result.entries} entries, head ${result.headHash}${result.expectedHead ? ` (holds ${result.expectedHead.hash.slice(0, 12)}… at entry ${result.expectedHead.seq})` : ''}`] : problems),
    () => result,
  );
  return result.ok ? EXIT.ok : EXIT.failure;
}

/** `audit-log check --doc`: every entry the registry holds must be in the doc's table. */
export async function auditCheckCommand(options: RegistryOptions & { doc?: string; strict?: boolean }): Promise<number> {
  const doc = options.doc ?? DEFAULT_DOC;
  const findings = await auditFindings(registryFrom(options), doc);
  const failures = findings.filter((f) => f.level === 'failure').length;
  const exitCode = exitFor(failures, findings.length - failures, options.strict ? 'warnings' : undefined);
  report(
    options,
    () => (findings.length === 0 ? [`${doc}: the audit table holds every entry of the registry's log`] : findings.map((f) => `${f.level === 'failure' ? '✗' : '!'} ${f.message}`)),
    () => ({ exitCode, doc, findings }),
  );
  return exitCode;
}

