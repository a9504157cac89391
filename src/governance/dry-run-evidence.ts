import type { SubjectEvidence } from '../core/governance/change-request-types.ts';
import type { DryRunResult } from './dry-run.ts';

/**
 * What a CR's dry-run says about approval, subject by subject: a schema that
 * does not parse, an undeclared break and failing sample records block it,
 * and so does a bundle that changes nothing.
 */
export function judgeDryRun(result: DryRunResult, majorChanges: readonly string[]): { blockers: string[]; subjects: SubjectEvidence[] } {
  const blockers: string[] = [];
  const subjects: SubjectEvidence[] = [];
  for (const s of result.subjects) {
    const majorChange = majorChanges.includes(s.subject);
    if (!s.valid || !s.report) {
      blockers.push(`${s.subject}: ${s.error ?? 'the schema does not parse'}`);
      continue;
    }
    if (!s.report.compatible && !majorChange) {
      const rules = s.report.breakingChanges.map((c) => `${c.ruleId} at ${c.path}`).join(', ');
      blockers.push(`${s.subject}: incompatible under ${s.report.compatibilityLevel} (${rules}); fix it or declare it in "majorChanges"`);
    }
    if (s.samples && s.samples.invalid > 0) blockers.push(`${s.subject}: ${s.samples.invalid} of ${s.samples.total} sample records do not validate`);
    subjects.push({
      subject: s.subject,
      schemaType: s.schemaType,
      compatible: s.report.compatible,
      majorChange,
      previousVersion: s.report.previousVersion,
      versionsChecked: s.report.versionsChecked,
      breakingChanges: s.report.breakingChanges,
      addedFields: s.report.addedFields,
      ...(s.existingVersion !== undefined && { existingVersion: s.existingVersion }),
      ...(s.change && { change: s.change }),
      ...(s.samples && { samples: s.samples }),
    });
  }
  if (blockers.length === 0 && subjects.length > 0 && subjects.every((s) => s.change === 'none')) {
    blockers.push('the bundle changes nothing: every subject already holds its schema and is strict');
  }
  return { blockers, subjects };
}
