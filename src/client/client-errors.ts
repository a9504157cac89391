import { isRegistryError } from '../core/errors.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';

/**
 * Every error the client throws is a SchemaRegistryError or a
 * SchemaValidationError, so one `instanceof` separates the registry's
 * failures from the caller's own. The subclasses say what kind of failure it
 * was, which decides what to do about it: retry (connection), fix the
 * settings (config), fix or dead-letter the record (serialization).
 */
export class SchemaRegistryError extends Error {
  // string, not the literal, so that subclasses can name themselves.
  override readonly name: string = 'SchemaRegistryError';

  constructor(
    message: string,
    /**
     * The HTTP status. 0 when no answer is behind the error: the registry could not be
     * reached (SchemaRegistryConnectionError), or the client refused before asking
     * (SchemaRegistryConfigError, SerializationError).
     */
    readonly status: number,
    /** The registry's error_code, or 0 without one. */
    readonly errorCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Why a registry could not be reached; `timeout` and `refused` may clear by themselves, the others need a changed setting. */
export type ConnectionFailure = 'refused' | 'unresolved' | 'tls' | 'timeout' | 'network';

/** No answer came from the registry: `.reason` says why, `.url` where the client looked. */
export class SchemaRegistryConnectionError extends SchemaRegistryError {
  override readonly name = 'SchemaRegistryConnectionError';

  constructor(
    message: string,
    readonly reason: ConnectionFailure,
    /** The registry URL, without credentials. */
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(message, 0, 0, options);
  }
}

/** The client's settings cannot work (a URL without a scheme, an unknown validation mode, an unreadable qmtl.yml); nothing was sent. */
export class SchemaRegistryConfigError extends SchemaRegistryError {
  override readonly name = 'SchemaRegistryConfigError';

  constructor(
    message: string,
    /** The setting at fault, as a user would look for it: `QMTL_SCHEMA_REGISTRY_URL`, `validation_mode in /app/qmtl.yml`, `the url option`. */
    readonly setting: string,
  ) {
    super(message, 0, 0);
  }
}

/** encode() or decode() could not turn a value into a message or back (not in wire format, a payload its schema cannot read). */
export class SerializationError extends SchemaRegistryError {
  override readonly name: string = 'SerializationError';

  constructor(
    message: string,
    /** The schema the message names or the value was encoded under, when known. */
    readonly schemaId?: number,
    options?: ErrorOptions,
  ) {
    super(message, 0, 0, options);
  }
}

/** Where a record departs from its schema: a JSON pointer into the record and what is wrong there. */
export interface RecordIssue {
  path: string;
  message: string;
}

/** encode() was given a value its subject's schema does not accept; `.issues` says where. */
export class RecordValidationError extends SerializationError {
  override readonly name = 'RecordValidationError';

  constructor(
    readonly subject: string,
    schemaId: number,
    readonly issues: RecordIssue[],
    options?: ErrorOptions,
  ) {
    const shown = issues.slice(0, 5).map((i) => `${i.path || '/'} ${i.message}`).join('; ');
    const more = issues.length > 5 ? ` and ${issues.length - 5} more` : '';
    super(`The value for subject '${subject}' does not match the schema: ${shown}${more} (schema id ${schemaId})`, schemaId, options);
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

/**
 * Any failure as one of the classes above, for the client's public
 * boundary: the in-process registry throws the core's RegistryError, and
 * anything else (a bug, a library's TypeError) is wrapped with its cause
 * kept, so callers never need a second catch clause.
 */
export function clientErrorOf(err: unknown): SchemaRegistryError | SchemaValidationError {
  if (err instanceof SchemaRegistryError || err instanceof SchemaValidationError) return err;
  if (isRegistryError(err)) {
    const report = err.extra?.report as SchemaValidationReport | undefined;
    if (report && err.status === 409) return new SchemaValidationError(report);
    return new SchemaRegistryError(err.message, err.status, err.errorCode, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SchemaRegistryError(`Unexpected failure in the schema registry client: ${message}`, 0, 0, { cause: err });
}
