import type { CompatibilityResult } from '../compat/check-compatibility.ts';
import { toReported } from '../compat/judge-predecessor.ts';
import type { SchemaType, ValidationMode } from '../types.ts';
import type { SchemaValidationReport } from './governance-types.ts';

/** The validation report of a registration, refusal or dry-run, from the verdicts the engine found. */
export function buildReport(input: {
  subject: string;
  schemaType: SchemaType;
  mode: ValidationMode;
  result: CompatibilityResult;
  previousVersion: number | null;
  addedFields: string[];
  outcome: SchemaValidationReport['outcome'];
  schemaCompatId?: string;
  createdAt: string;
}): SchemaValidationReport {
  const { result } = input;
  return {
    subject: input.subject,
    schemaType: input.schemaType,
    mode: input.mode,
    compatibilityLevel: result.level,
    compatibilityPolicy: result.policy,
    compatible: result.compatible,
    previousVersion: input.previousVersion,
    versionsChecked: result.versionsChecked,
    breakingChanges: result.differences.filter((d) => !d.compatible).map(toReported),
    addedFields: input.addedFields,
    outcome: input.outcome,
    ...(input.schemaCompatId && { schemaCompatId: input.schemaCompatId }),
    createdAt: input.createdAt,
  };
}

/** One line for an HTTP Warning header or a log: what broke, where, against which versions (`naming: false` leaves out the subject, for a line that already names it). */
export function summarizeBreaking(report: SchemaValidationReport, options: { naming?: boolean } = {}): string {
  const versions = [...new Set(report.breakingChanges.map((c) => c.version))].join(', ');
  const rules = report.breakingChanges.map((c) => `${c.ruleId} at ${c.path}`).join('; ');
  return `incompatible (${report.compatibilityLevel}, ${report.compatibilityPolicy}) with version ${versions}${options.naming === false ? '' : ` of subject '${report.subject}'`}: ${rules}`;
}
