import { compatIdOf } from '../core/governance/compat-id.ts';
import type { CompatIdEntry, SchemaValidationReport } from '../core/governance/governance-types.ts';
import type { RegisterVersionInput } from './store.ts';

/** The report of a registration, completed with what only the store knows: the id and version. */
export function completeReport(report: SchemaValidationReport, schemaId: number, version: number): SchemaValidationReport {
  return { ...report, schemaId, version };
}

/** A new major for the registered version, or the current major extended to it. */
export function compatIdChange(
  subject: string,
  compat: NonNullable<RegisterVersionInput['governance']>['compat'],
  version: number,
  createdAt: string,
): { insert: CompatIdEntry } | { extend: { major: number; lastVersion: number } } {
  if (compat.bump) {
    return {
      insert: {
        subject,
        major: compat.major,
        compatId: compatIdOf(subject, compat.major),
        firstVersion: version,
        lastVersion: version,
        createdAt,
        ...(compat.bumpedBy && { bumpedBy: compat.bumpedBy }),
      },
    };
  }
  return { extend: { major: compat.major, lastVersion: version } };
}
