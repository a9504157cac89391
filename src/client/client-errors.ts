import type { SchemaValidationReport } from '../governance/governance-types.ts';

/** A registry answered with an error, or could not be reached (status 0). */
export class SchemaRegistryError extends Error {
  override readonly name = 'SchemaRegistryError';

  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came (refused, timed out). */
    readonly status: number,
    /** The registry's error_code, or 0 without one. */
    readonly errorCode: number,
  ) {
    super(message);
  }
}

/** Strict mode refused an incompatible schema; `.report` says what broke, where. */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';

  constructor(readonly report: SchemaValidationReport) {
    const first = report.breakingChanges[0];
    super(
      `Schema for subject '${report.subject}' is incompatible (${report.compatibilityLevel}) and validation mode is strict` +
        (first ? `: ${first.ruleId} at ${first.path}${report.breakingChanges.length > 1 ? ` and ${report.breakingChanges.length - 1} more` : ''}` : ''),
    );
  }
}
