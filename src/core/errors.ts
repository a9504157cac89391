/**
 * The one table of every error the registry answers with: Confluent's codes
 * (so existing clients keep working) and schemagate's own, in the same
 * `XXXYY` shape. The HTTP status is always derived from the code (the code
 * itself when it has three digits, else its first three digits), so a code
 * and its status can never disagree. `docs/errors.md` mirrors this table and a
 * test keeps the two identical.
 */
export interface ErrorSpec {
  code: number;
  /** A short title, as listed in docs/errors.md. */
  title: string;
  message: (...args: never[]) => string;
}

const table = {
  badRequest: {
    code: 400,
    title: 'Malformed request (unparsable JSON, wrong body shape, bad query parameter)',
    message: (detail: string) => detail,
  },
  requestTimeout: {
    code: 408,
    title: 'The request did not arrive in time (server.requestTimeout, server.headersTimeout)',
    message: () => 'The request did not arrive completely within the time the server allows (server.requestTimeout, server.headersTimeout); the connection is closed.',
  },
  headersTooLarge: {
    code: 431,
    title: 'The request line and headers are larger than 256 KiB',
    message: () => 'The request line and headers are larger than the server reads (256 KiB); the connection is closed.',
  },
  routeNotFound: {
    code: 404,
    title: 'No such endpoint',
    message: (method: string, url: string) => `HTTP ${method} ${url} is not an endpoint of this registry.`,
  },
  incompatibleSchema: {
    code: 409,
    title: 'Incompatible schema refused (strict validation mode)',
    message: (subject: string, details: string) =>
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: ${details}`,
  },
  subjectUnaudited: {
    code: 40950,
    title: 'Subject strict with no audit entry recording it (unaudited)',
    message: (subject: string, why: string) =>
      `Subject '${subject}' is strict with no audit entry recording it (${why}); record one with POST /governance/audit-log (or schemagate audit-log record) before changing it.`,
  },
  approveOwnChangeRequest: {
    code: 40951,
    title: 'An author cannot approve their own change request',
    message: (user: string, id: number) => `User '${user}' authored change request ${id} and cannot approve it; another approver must.`,
  },
  roleAlreadyApproved: {
    code: 40952,
    title: 'The role has already approved this change request',
    message: (role: string, id: number, by: string) => `Change request ${id} already has its ${role} approval (from '${by}'); the other required roles still need theirs.`,
  },
  approverAlreadyApproved: {
    code: 40953,
    title: 'One user cannot approve in two roles',
    message: (user: string, id: number, role: string) => `User '${user}' already approved change request ${id} as ${role}; each required role needs a different person.`,
  },
  dryRunRequired: {
    code: 40954,
    title: 'Approval needs a passing dry-run',
    message: (id: number, why: string) => `Change request ${id} cannot be approved yet: ${why}. Run POST /governance/change-requests/${id}/dry-run and fix what it reports.`,
  },
  approvalsMissing: {
    code: 40955,
    title: 'Apply needs every required approval',
    message: (id: number, missing: string) => `Change request ${id} cannot be applied: it still needs approval from ${missing}.`,
  },
  canaryWindowOpen: {
    code: 40956,
    title: 'Promotion before the canary window has elapsed',
    message: (id: number, remaining: string, until: string) => `Change request ${id} is still in its canary window: promote again in ${remaining} (after ${until}).`,
  },
  canaryHasFailures: {
    code: 40957,
    title: 'Promotion after failures in the canary window',
    message: (id: number, count: number) =>
      `Change request ${id} saw ${count} incompatible registration(s) during its canary window and cannot be promoted; mark it failed (POST …/fail) and open a new change request.`,
  },
  changeRequestWrongState: {
    code: 40958,
    title: 'The change request is not in a state that allows this',
    message: (id: number, state: string, action: string, hint: string) => `Change request ${id} is ${state}; it cannot be ${action}. ${hint}`,
  },
  changeRequestConflict: {
    code: 40959,
    title: 'The change request changed meanwhile',
    message: (id: number) => `Change request ${id} was changed by another request meanwhile; read it again and retry.`,
  },
  changeRequestStale: {
    code: 40960,
    title: 'The registry changed since the dry-run',
    message: (id: number, detail: string) =>
      `Change request ${id} cannot be applied: since its dry-run the registry changed and the bundle now breaks compatibility beyond what was declared and approved (${detail}). Run its dry-run again.`,
  },
  unsupportedMediaType: {
    code: 415,
    title: 'Unsupported Content-Type',
    message: (contentType: string) =>
      `Content-Type '${contentType}' is not supported; send application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json or application/json.`,
  },
  authenticationRequired: {
    code: 40101,
    title: 'Authentication required',
    message: (detail: string) => `Authentication required: ${detail}`,
  },
  forbidden: {
    code: 40301,
    title: 'The user lacks a role the operation needs',
    message: (user: string, roles: string, what: string) => `User '${user}' may not ${what}: it needs one of the roles ${roles}.`,
  },
  missingApproverRole: {
    code: 40302,
    title: 'Approving in a role the user does not hold',
    message: (user: string, role: string) => `User '${user}' does not hold the role '${role}' and cannot approve in it; ask a ${role} approver.`,
  },
  csrfRejected: {
    code: 40303,
    title: 'A console write without its session\'s CSRF token',
    message: (detail: string) => `The console session's write was refused: ${detail}. Reload the console and try again.`,
  },
  tooManySignIns: {
    code: 42901,
    title: 'Too many failed sign-ins; retry after the Retry-After header',
    message: (who: string, why: string) => `Too many sign-in attempts for ${who}: ${why}. Retry after the time in the Retry-After header.`,
  },
  strictSubjectProtected: {
    code: 40961,
    title: 'Removing or relaxing what a strict subject’s consumers rely on needs an admin',
    message: (subject: string, what: string) =>
      `Subject '${subject}' is strict: ${what} would let a schema its consumers cannot read in. Only an admin may do it, and it leaves the subject unaudited until an audit entry records why.`,
  },
  subjectInCanary: {
    code: 40962,
    title: 'The subject is in a change request’s canary window',
    message: (subject: string, id: number, what: string) =>
      `Subject '${subject}' is in the canary window of change request ${id}: ${what} would change what the window observes. Mark the canary failed first (POST /governance/change-requests/${id}/fail).`,
  },
  canaryInterrupted: {
    code: 40963,
    title: 'A subject left the change request’s canary window before promotion',
    message: (id: number, subject: string, now: string) =>
      `Change request ${id} cannot be promoted: subject '${subject}' is no longer in its canary window (${now}), so the window did not observe it. Mark the canary failed and open a new change request.`,
  },
  changeRequestChangesNothing: {
    code: 40964,
    title: 'The change request’s bundle changes nothing',
    message: (id: number) =>
      `Change request ${id} changes nothing: every subject of its bundle already holds its schema and is strict. Edit the bundle to hold the schemas you mean to change.`,
  },
  changeRequestNotFound: {
    code: 40450,
    title: 'Change request not found',
    message: (id: string) => `Change request ${id} not found.`,
  },
  internalError: {
    code: 500,
    title: 'Unexpected server error (a bug: please report it)',
    message: (detail: string) => `Internal error: ${detail}`,
  },
  subjectNotFound: {
    code: 40401,
    title: 'Subject not found',
    message: (subject: string) => `Subject '${subject}' not found.`,
  },
  versionNotFound: {
    code: 40402,
    title: 'Version not found',
    message: (version: number | string) => `Version ${version} not found.`,
  },
  schemaNotFound: {
    code: 40403,
    title: 'Schema not found',
    message: (id?: number) => (id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  },
  subjectSoftDeleted: {
    code: 40404,
    title: 'Subject was soft deleted',
    message: (subject: string) =>
      `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`,
  },
  subjectNotSoftDeleted: {
    code: 40405,
    title: 'Subject must be soft deleted before a permanent delete',
    message: (subject: string) =>
      `Subject '${subject}' was not deleted first before being permanently deleted`,
  },
  versionSoftDeleted: {
    code: 40406,
    title: 'Version was soft deleted',
    message: (subject: string, version: number) =>
      `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
  },
  versionNotSoftDeleted: {
    code: 40407,
    title: 'Version must be soft deleted before a permanent delete',
    message: (subject: string, version: number) =>
      `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
  },
  subjectCompatibilityNotConfigured: {
    code: 40408,
    title: 'Subject has no subject-level compatibility configured',
    message: (subject: string) =>
      `Subject '${subject}' does not have subject-level compatibility configured`,
  },
  subjectModeNotConfigured: {
    code: 40409,
    title: 'Subject has no subject-level mode configured',
    message: (subject: string) => `Subject '${subject}' does not have subject-level mode configured`,
  },
  associationNotFound: {
    code: 40410,
    title: 'Associations are not supported; none exist',
    message: (resource: string) => `Association for '${resource}' not found.`,
  },
  incompatibleSchemaDetailed: {
    code: 40901,
    title: 'Incompatible schema refused (strict mode, when registry.incompatibleErrorCode is 40901)',
    message: (subject: string, details: string) =>
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: ${details}`,
  },
  invalidSchema: {
    code: 42201,
    title: 'Invalid schema',
    message: (detail: string) => detail,
  },
  invalidVersion: {
    code: 42202,
    title: 'Invalid version',
    message: (version: string) =>
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  },
  invalidCompatibilityLevel: {
    code: 42203,
    title: 'Invalid compatibility level or policy',
    message: (value: string) =>
      `Invalid compatibility level '${value}'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE (policy: STRICT, LENIENT)`,
  },
  invalidMode: {
    code: 42204,
    title: 'Invalid mode',
    message: (value: string) =>
      `Invalid mode '${value}'. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT`,
  },
  operationNotPermitted: {
    code: 42205,
    title: 'Operation not permitted (read-only or import mode, id overwrite)',
    message: (detail: string) => detail,
  },
  referenceExists: {
    code: 42206,
    title: 'Version is referenced by another schema',
    message: (subject: string, version: number) =>
      `One or more references exist to the schema {subject=${subject},version=${version}}; delete the referencing schemas first`,
  },
  idDoesNotMatch: {
    code: 42207,
    title: 'Schema already registered under a different id',
    message: (existingId: number, requestedId: number) =>
      `Schema already registered with id ${existingId} instead of input id ${requestedId}`,
  },
  invalidSubject: {
    code: 42208,
    title: 'Invalid subject name',
    message: (subject: string, why: string) => `The specified subject '${subject}' is not a valid subject: ${why}`,
  },
  schemaTooLarge: {
    code: 42209,
    title: 'Schema or request body too large',
    /** `setting` names where the limit comes from, so whoever hits it knows what to raise. */
    message: (size: number, limit: number, what: 'schema' | 'request body' = 'schema', setting = 'registry.maxSchemaBytes') =>
      `The ${what} is ${Number.isFinite(size) ? `${size} bytes` : 'larger than the limit'}; the limit is ${limit} bytes (${setting}).`,
  },
  invalidValidationMode: {
    code: 42250,
    title: 'Invalid validation mode',
    message: (value: string) => `Invalid validation mode '${value}': use canary (register and record incompatible schemas) or strict (refuse them)`,
  },
  invalidGovernanceSetting: {
    code: 42251,
    title: 'Invalid governance setting',
    message: (detail: string) => detail,
  },
  invalidBundle: {
    code: 42252,
    title: 'Invalid schema bundle',
    message: (detail: string) => `The bundle is not valid: ${detail}`,
  },
  invalidChangeRequest: {
    code: 42253,
    title: 'Invalid change request',
    message: (detail: string) => `The change request is not valid: ${detail}`,
  },
  invalidAuditEntry: {
    code: 42254,
    title: 'Invalid audit entry',
    message: (detail: string) => `The audit entry is not valid: ${detail}`,
  },
  actingUserRequired: {
    code: 42255,
    title: 'Governance write without an acting user (auth off)',
    message: () => 'Authentication is off: name the acting user in the body field "user" (it is recorded as unauthenticated).',
  },
  checkBudgetExceeded: {
    code: 42260,
    title: 'Checking the schema or dry-run needs more time or memory than a check may use',
    message: (why: string) =>
      `Checking this request needs more than the registry allows a single check: ${why}. Simplify the schema (or the samples); an operator can raise the limits in the engine section of the config (docs/operations/limits.md).`,
  },
  registryBusy: {
    code: 50301,
    title: 'Too many schema checks waiting; retry after the Retry-After header',
    message: (waiting: number) => `The registry is busy: ${waiting} schema checks are already waiting for a worker. Retry in a moment.`,
  },
  storeTimeout: {
    code: 50304,
    title: 'The store did not answer in time; retry after the Retry-After header',
    message: (seconds: number) => `The registry's store did not answer within ${seconds} s while this request was being checked. Retry in a moment; if it persists, the database needs attention.`,
  },
  serverBusy: {
    code: 50302,
    title: 'Too much request data arriving at once; retry after the Retry-After header',
    message: (limit: number) => `The registry is receiving more request data at once than it holds (${limit} bytes, server.maxBodyBytesInFlight). Retry in a moment.`,
  },
  writeConflict: {
    code: 50303,
    title: 'Another writer kept changing the same data; retry after the Retry-After header',
    message: () => 'Another writer changed the same subject or record at the same moment, several times in a row. Nothing was written; retry in a moment.',
  },
  storeError: {
    code: 50001,
    title: 'Failure in the backend store',
    message: (detail: string) => `Error in the backend data store: ${detail}`,
  },
} satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof table;
export const errorTable: Readonly<Record<ErrorName, ErrorSpec>> = table;

/** HTTP status of an error code: 409 → 409, 40401 → 404. */
export function statusOf(code: number): number {
  return code < 1000 ? code : Math.floor(code / 100);
}

/**
 * The error type every layer throws. Routes never build `{error_code,
 * message}` themselves: one handler renders this, and anything else becomes a
 * 500 that is logged.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly status: number;

  constructor(
    readonly key: ErrorName,
    readonly errorCode: number,
    message: string,
    /** Extra fields rendered next to error_code and message (e.g. a report). */
    readonly extra?: Record<string, unknown>,
    /** For refusals that clear by themselves (busy, rate limits): when to try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = statusOf(errorCode);
  }

  withExtra(extra: Record<string, unknown>): RegistryError {
    return new RegistryError(this.key, this.errorCode, this.message, { ...this.extra, ...extra }, this.retryAfterSeconds);
  }

  retryAfter(seconds: number): RegistryError {
    return new RegistryError(this.key, this.errorCode, this.message, this.extra, Math.max(1, Math.ceil(seconds)));
  }
}

type Factories = {
  [K in ErrorName]: (...args: Parameters<(typeof table)[K]['message']>) => RegistryError;
};

/** `throw errors.subjectNotFound('orders-value')` — one factory per table row. */
export const errors = Object.fromEntries(
  (Object.keys(table) as ErrorName[]).map((key) => {
    const spec = table[key] as ErrorSpec;
    const factory = (...args: never[]) => new RegistryError(key, spec.code, spec.message(...args));
    return [key, factory];
  }),
) as Factories;

export function isRegistryError(value: unknown): value is RegistryError {
  return value instanceof RegistryError;
}
