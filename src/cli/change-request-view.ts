import type { SubjectChange } from '../core/governance/bundle-change.ts';
import { formatDuration } from '../core/duration.ts';
import { apiTermsToCli } from './registry-errors.ts';

/** One subject of a dry-run's evidence (src/core/governance/change-request-types.ts, SubjectEvidence). */
export interface SubjectEvidenceView {
  subject: string;
  compatible: boolean;
  majorChange: boolean;
  previousVersion: number | null;
  versionsChecked: number[];
  breakingChanges: Array<{ ruleId: string; path: string; message: string; version?: number }>;
  addedFields: string[];
  existingVersion?: number;
  /** What applying does to it: a new schema, canary to strict with the schema it has, or nothing (absent from older registries). */
  change?: SubjectChange;
  samples?: { total: number; valid: number; invalid: number; invalidRecords: Array<{ index: number; issues: Array<{ path: string; message: string }> }> };
}

/** The view GET /governance/change-requests/{id} answers with (the fields the CLI shows). */
export interface ChangeRequestView {
  id: number;
  title: string;
  reference: string;
  state: string;
  author: { user: string };
  bundleSha: string;
  /** Show and write answers carry the bundle; list entries carry `subjects` instead. */
  schemas?: Array<{ subject: string }>;
  subjects?: string[];
  majorChanges?: string[];
  dryRun?: { ok: boolean; at: string; blockers: string[]; subjects: SubjectEvidenceView[] };
  approvals: Array<{ role: string; user: string; notes: string }>;
  missingApprovals: string[];
  canaryStatus?: { startedAt: string; endsAt: string; remainingMs: number; failures: number; canPromote: boolean };
  /** Once applied: the subjects the window observes (absent from older registries: every subject). */
  canary?: { subjects?: string[] };
  closed?: { notes: string; auditSeq?: number };
}

export type { SubjectChange };

/** Invalid sample records shown per subject; the rest are counted. */
const SHOWN_RECORDS = 5;

export function subjectsOf(cr: ChangeRequestView): string[] {
  return cr.schemas?.map((s) => s.subject) ?? cr.subjects ?? [];
}

/**
 * A change request for a person: reference, author, approvals, canary, and
 * its dry-run rendered from the structured evidence (subject by subject:
 * what breaks, what is declared a major change, which samples fail, which
 * subjects the bundle leaves as they are), with the schemagate command that
 * fixes each blocker. Before a dry-run, `preview` says which subjects the
 * bundle changes (see changeSummary), when the caller asked the registry.
 */
export function describeChangeRequest(cr: ChangeRequestView, preview?: string[]): string[] {
  const subjects = subjectsOf(cr);
  const lines = [`  ${cr.reference} · by ${cr.author.user}`, `  bundle ${cr.bundleSha}`];
  if (cr.dryRun) {
    lines.push(`  dry-run ${cr.dryRun.ok ? 'passed' : 'FAILED'} at ${cr.dryRun.at}`, ...dryRunLines(cr.id, cr.dryRun).map((l) => `    ${l}`));
    lines.push(...changeSummary(subjects, cr.dryRun.subjects));
  } else if (preview) {
    lines.push(...preview, `  not dry-run yet: schemagate cr dry-run ${cr.id}`);
  } else {
    lines.push(`  subjects: ${subjects.join(', ')} (not dry-run yet: schemagate cr dry-run ${cr.id} tells which it changes)`);
  }
  for (const a of cr.approvals) lines.push(`  approved as ${a.role} by ${a.user}: ${a.notes}`);
  if (cr.missingApprovals.length > 0) lines.push(`  needs approval from ${cr.missingApprovals.join(' and ')}`);
  const c = cr.canaryStatus;
  if (c) {
    lines.push(
      `  canary since ${c.startedAt} on ${(cr.canary?.subjects ?? subjects).join(', ')}: ${c.failures} failures; ${c.canPromote ? `ready to promote (schemagate cr promote ${cr.id})` : c.failures > 0 ? `cannot be promoted (schemagate cr fail ${cr.id} --notes "…")` : `promotable in ${formatDuration(Math.ceil(c.remainingMs / 1000) * 1000)} (${c.endsAt})`}`,
    );
  }
  if (cr.closed?.auditSeq) lines.push(`  promoted: audit entry ${cr.closed.auditSeq}`);
  return lines;
}

/**
 * What applying does to a subject, from a registry that says (`change`). An
 * older registry does not say, and moves every subject of the bundle into
 * the window: a new schema or, for one it already holds, canary to strict.
 */
export function changeOf(e: { existingVersion?: number; change?: SubjectChange }): SubjectChange {
  return e.change ?? (e.existingVersion === undefined ? 'schema' : 'mode');
}

/**
 * Which subjects applying the bundle would change (a new schema), which it
 * only takes from canary to strict (the schema is already their version),
 * and which it leaves as they are.
 */
export function changeSummary(subjects: readonly string[], evidence: ReadonlyArray<{ subject: string; existingVersion?: number; change?: SubjectChange }>): string[] {
  const of = (subject: string) => evidence.find((e) => e.subject === subject);
  const changes = subjects.filter((s) => changeOf(of(s) ?? {}) === 'schema');
  const already = (kind: SubjectChange) =>
    subjects.filter((s) => of(s) && changeOf(of(s)!) === kind).map((s) => `${s} (already version ${of(s)!.existingVersion ?? '?'})`);
  const modeOnly = already('mode');
  const unchanged = already('none');
  return [
    `  changes: ${changes.length > 0 ? changes.join(', ') : '(no new schema)'}`,
    ...(modeOnly.length > 0 ? [`  schema unchanged, canary then strict: ${modeOnly.join(', ')}`] : []),
    ...(unchanged.length > 0 ? [`  leaves unchanged: ${unchanged.join(', ')}`] : []),
  ];
}

/**
 * The dry-run's verdict per subject, from its evidence; then the blockers the
 * evidence does not explain (a schema that does not parse, an unaudited
 * subject, another change request's canary), as the registry words them.
 */
function dryRunLines(id: number, dryRun: NonNullable<ChangeRequestView['dryRun']>): string[] {
  const lines: string[] = [];
  const explained: string[] = [];
  for (const s of dryRun.subjects) {
    const against = s.previousVersion === null ? 'new subject' : `version ${s.versionsChecked.join(', ') || s.previousVersion}`;
    const change = changeOf(s);
    // An incompatibility is news even for a schema already registered (an older version brought back).
    const asRegistered = s.compatible || s.majorChange;
    if (change === 'none' && asRegistered) lines.push(`= ${s.subject}: unchanged (already version ${s.existingVersion}${s.change === 'none' ? ', and strict' : ''})`);
    else if (change === 'mode' && asRegistered) lines.push(`= ${s.subject}: schema unchanged (already version ${s.existingVersion}); applying takes it through canary to strict`);
    else if (s.compatible) lines.push(`✓ ${s.subject}: ${s.previousVersion === null ? 'new subject' : `compatible with ${against}`}${s.addedFields.length > 0 ? `, adds ${s.addedFields.join(', ')}` : ''}`);
    else if (s.majorChange) lines.push(`! ${s.subject}: incompatible with ${against}, declared a major change (--major-change ${s.subject})`);
    else {
      lines.push(`✗ ${s.subject}: incompatible with ${against}`);
      explained.push(`${s.subject}: incompatible under `);
    }
    if (!s.compatible) for (const c of s.breakingChanges) lines.push(`    ${c.ruleId} at ${c.path}: ${c.message}`);
    if (!s.compatible && !s.majorChange) {
      lines.push(`    intended? declare it: schemagate cr edit ${id} <files|dirs> --major-change ${s.subject} (with the same files and --samples)`);
    }
    if (s.samples && s.samples.invalid > 0) {
      explained.push(`${s.subject}: ${s.samples.invalid} of ${s.samples.total} sample records`);
      lines.push(`✗ ${s.subject}: ${s.samples.invalid} of ${s.samples.total} sample records do not validate`);
      for (const r of s.samples.invalidRecords.slice(0, SHOWN_RECORDS)) {
        lines.push(`    record ${r.index + 1}: ${r.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      }
      if (s.samples.invalid > SHOWN_RECORDS) lines.push(`    … and ${s.samples.invalid - Math.min(SHOWN_RECORDS, s.samples.invalidRecords.length)} more`);
    } else if (s.samples) lines.push(`✓ ${s.subject}: ${s.samples.total} of ${s.samples.total} sample records valid`);
  }
  for (const blocker of dryRun.blockers) {
    if (!explained.some((prefix) => blocker.startsWith(prefix))) lines.push(`✗ ${apiTermsToCli(blocker)}`);
  }
  return lines;
}
