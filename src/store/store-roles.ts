import type { AuditDraft, AuditEntry, AuditHead, AuditRow } from '../core/governance/audit-log.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import type { NotificationDraft, NotificationEvent } from '../core/governance/notification-events.ts';
import type { CompatIdEntry, GovernanceSettings, SchemaValidationReport, StoredReport, SubjectGovernance, ValidationFailure } from '../core/governance/governance-types.ts';
import type { RegistryMode, ValidationMode } from '../core/types.ts';
import type {
  ApplyChangeRequestInput,
  DeliveryOutcome,
  DeliveryRecord,
  DeliveryState,
  DueDelivery,
  FailureDay,
  FailureFilter,
  NotificationQuery,
  ListSubjectsOptions,
  PromoteChangeRequestInput,
  RegisterVersionInput,
  ScopeConfig,
  StoredSchema,
  SubjectGovernanceUpdate,
  SubjectVersion,
} from './store-records.ts';

/** Schemas under their global ids, and the subject versions pointing at them. */
export interface SchemaStore {
  getSchema(id: number): Promise<StoredSchema | undefined>;
  findSchemaByFingerprint(fingerprint: string): Promise<StoredSchema | undefined>;
  maxSchemaId(): Promise<number>;

  listSubjects(options?: ListSubjectsOptions): Promise<string[]>;
  /** Every version of a subject, soft-deleted ones included, ascending. */
  getVersions(subject: string): Promise<SubjectVersion[]>;
  /**
   * One version with its schema, in one read: `version`, or for 'latest'
   * the newest live version (the newest of all when none is live).
   * Undefined when the subject has no such version.
   */
  getVersionWithSchema(subject: string, version: number | 'latest'): Promise<{ version: SubjectVersion; schema: StoredSchema } | undefined>;
  /** Every subject version pointing at a schema id. */
  getVersionsBySchemaId(id: number): Promise<SubjectVersion[]>;
  /** All subject versions, optionally under a subject prefix (GET /schemas). */
  listAllVersions(prefix?: string): Promise<SubjectVersion[]>;
  /** Subject versions whose schema references `subject` at `version`. */
  getReferrers(subject: string, version: number): Promise<SubjectVersion[]>;

  /** Registers a version atomically; throws StoreConflictError when its expectations no longer hold. */
  /** `newSchema`: the schema was stored by this registration (not already under another subject). */
  registerVersion(input: RegisterVersionInput): Promise<{ schemaId: number; version: number; newSchema: boolean }>;
  softDeleteVersions(subject: string, versions: number[]): Promise<void>;
  /** Removes versions for good, and schemas no version points at any more. */
  hardDeleteVersions(subject: string, versions: number[]): Promise<void>;
}

/** Compatibility configs and registry modes, per subject or globally under the scope `null`. */
export interface SettingsStore {
  getConfig(subject: string | null): Promise<ScopeConfig | undefined>;
  setConfig(subject: string | null, config: ScopeConfig): Promise<void>;
  deleteConfig(subject: string | null): Promise<void>;
  getMode(subject: string | null): Promise<RegistryMode | undefined>;
  setMode(subject: string | null, mode: RegistryMode): Promise<void>;
  deleteMode(subject: string | null): Promise<void>;
}

/** What governance records: validation reports, failure events, compat ids, subject governance and the global governance settings. */
export interface GovernanceRecordStore {
  /** Validation reports of a subject, newest first. */
  listReports(subject: string, page: { offset: number; limit: number }): Promise<StoredReport[]>;
  countReports(subject: string): Promise<number>;
  /** Validation failures, oldest first. */
  listFailures(filter?: FailureFilter): Promise<ValidationFailure[]>;
  /** Counted by the store: no row is read. */
  countFailures(filter?: FailureFilter): Promise<number>;
  /** Failures per UTC day, oldest first, counted by the store (a subject's chart and totals, whatever its history). */
  failuresByDay(filter?: FailureFilter): Promise<FailureDay[]>;
  /** A registration refused in strict mode: its report and its failure event, in one transaction. */
  recordRefusal(report: SchemaValidationReport, mode: ValidationMode): Promise<void>;
  /** A subject's schema_compat_id changelog, oldest major first. */
  getCompatIds(subject: string): Promise<CompatIdEntry[]>;
  getSubjectGovernance(subject: string): Promise<SubjectGovernance | undefined>;
  /** Every subject with governance settings of its own, by name. */
  listSubjectGovernance(): Promise<SubjectGovernanceUpdate[]>;
  setSubjectGovernance(subject: string, governance: SubjectGovernance): Promise<void>;
  getGovernanceSettings(): Promise<GovernanceSettings>;
  setGovernanceSettings(settings: GovernanceSettings): Promise<void>;
}

/** Change requests; applying and promoting one also write versions, subject governance and the audit log, all or nothing. */
export interface ChangeRequestStore {
  /**
   * Stores a new change request under the next id, with its sample records
   * as JSON text. `events` (of the saved CR, with its id) are appended in
   * the same transaction; so are those of every write below.
   */
  createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string, events?: (saved: ChangeRequest) => NotificationDraft[]): Promise<ChangeRequest>;
  getChangeRequest(id: number): Promise<ChangeRequest | undefined>;
  /** A change request's sample records as the JSON text it was given (`{"<subject>": [records]}`), read only by its dry-run. */
  getChangeRequestSamples(id: number): Promise<string | undefined>;
  /** Newest first. */
  listChangeRequests(filter?: { state?: ChangeRequestState; offset?: number; limit?: number }): Promise<ChangeRequest[]>;
  /**
   * Saves a CR read at `expectedRevision`; StoreConflictError if another
   * write came first. `samplesText` replaces its samples (null removes
   * them); undefined leaves them.
   */
  updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null, events?: NotificationDraft[]): Promise<void>;
  applyChangeRequest(input: ApplyChangeRequestInput): Promise<ChangeRequest>;
  promoteChangeRequest(input: PromoteChangeRequestInput): Promise<AuditEntry>;
}

/** The hash-chained audit log: appended to, read, never changed. */
export interface AuditLogStore {
  /** An audit entry recorded by hand, with the subjects it clears, in one transaction. */
  appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]): Promise<AuditEntry>;
  /** The audit log as stored, oldest first. The store offers no way to change or remove an entry. */
  listAuditRows(): Promise<AuditRow[]>;
  getAuditHead(): Promise<AuditHead | undefined>;
}

/**
 * Governance notifications: an ordered log of events (appended in the
 * transaction of the change they describe), the per-webhook deliveries
 * fanned out from it, and small named cursors (docs/decisions/016-notifications.md).
 */
export interface NotificationStore {
  /** Numbers and stores events, ascending; a key already stored is skipped (not an error). Answers the events stored now. */
  appendNotifications(drafts: NotificationDraft[]): Promise<NotificationEvent[]>;
  listNotifications(query: NotificationQuery): Promise<NotificationEvent[]>;
  getNotificationCursor(name: string): Promise<number | undefined>;
  /** Compare-and-set: moves the cursor from `expected` (null: it must not exist yet) to `value`; false when another writer moved it first. */
  setNotificationCursor(name: string, expected: number | null, value: number): Promise<boolean>;
  /**
   * Moves the webhook's cursor (as setNotificationCursor, under
   * webhookCursor(id)) and queues a pending delivery of each seq to it, in
   * one transaction; false, and nothing queued, when the cursor moved first.
   */
  queueDeliveries(webhookId: string, expectedCursor: number | null, newCursor: number, seqs: number[]): Promise<boolean>;
  /**
   * Claims due deliveries until `leaseUntil`: per webhook only the oldest
   * pending one (deliveries of one webhook go out in order), and only when
   * it is due and not leased. Two instances never claim the same one.
   */
  dueDeliveries(query: { now: string; leaseUntil: string; limit: number; webhookIds: readonly string[] }): Promise<DueDelivery[]>;
  recordDeliveryAttempt(webhookId: string, seq: number, outcome: DeliveryOutcome): Promise<void>;
  /** Newest first. */
  listDeliveries(query: { state?: DeliveryState; webhookId?: string; limit: number }): Promise<DeliveryRecord[]>;
}

/**
 * The names of a role's methods, checked complete: a method added to a role
 * and missing here fails to compile, so a store assembled from its roles
 * (delegateRoles) never lacks one.
 */
function roleMethods<R>() {
  return <const M extends ReadonlyArray<keyof R & string>>(names: M & ([Exclude<keyof R, M[number]>] extends [never] ? unknown : { missing: Exclude<keyof R, M[number]> })) =>
    names;
}

export const SCHEMA_METHODS = roleMethods<SchemaStore>()([
  'getSchema',
  'findSchemaByFingerprint',
  'maxSchemaId',
  'listSubjects',
  'getVersions',
  'getVersionWithSchema',
  'getVersionsBySchemaId',
  'listAllVersions',
  'getReferrers',
  'registerVersion',
  'softDeleteVersions',
  'hardDeleteVersions',
]);
export const SETTINGS_METHODS = roleMethods<SettingsStore>()(['getConfig', 'setConfig', 'deleteConfig', 'getMode', 'setMode', 'deleteMode']);
export const GOVERNANCE_RECORD_METHODS = roleMethods<GovernanceRecordStore>()([
  'listReports',
  'countReports',
  'listFailures',
  'countFailures',
  'failuresByDay',
  'recordRefusal',
  'getCompatIds',
  'getSubjectGovernance',
  'listSubjectGovernance',
  'setSubjectGovernance',
  'getGovernanceSettings',
  'setGovernanceSettings',
]);
export const CHANGE_REQUEST_METHODS = roleMethods<ChangeRequestStore>()([
  'createChangeRequest',
  'getChangeRequest',
  'getChangeRequestSamples',
  'listChangeRequests',
  'updateChangeRequest',
  'applyChangeRequest',
  'promoteChangeRequest',
]);
export const AUDIT_LOG_METHODS = roleMethods<AuditLogStore>()(['appendAuditEntry', 'listAuditRows', 'getAuditHead']);
export const NOTIFICATION_METHODS = roleMethods<NotificationStore>()([
  'appendNotifications',
  'listNotifications',
  'getNotificationCursor',
  'setNotificationCursor',
  'queueDeliveries',
  'dueDeliveries',
  'recordDeliveryAttempt',
  'listDeliveries',
]);

/** The role objects a store is assembled from, under the fields delegateRoles reads them from. */
export interface StoreRoles {
  schemas: SchemaStore;
  settings: SettingsStore;
  governance: GovernanceRecordStore;
  changeRequests: ChangeRequestStore;
  audit: AuditLogStore;
  notifications: NotificationStore;
}

/**
 * Gives a store class the flat method surface of `Store`: each role method
 * on its prototype calls the same method of the role object the instance
 * holds (its `roles`). On the prototype, so a subclass can still override
 * one method and call `super`. The class declares the methods by merging
 * with an interface that extends the roles.
 */
export function delegateRoles(storeClass: { prototype: object }): void {
  const fields: Array<[keyof StoreRoles, readonly string[]]> = [
    ['schemas', SCHEMA_METHODS],
    ['settings', SETTINGS_METHODS],
    ['governance', GOVERNANCE_RECORD_METHODS],
    ['changeRequests', CHANGE_REQUEST_METHODS],
    ['audit', AUDIT_LOG_METHODS],
    ['notifications', NOTIFICATION_METHODS],
  ];
  for (const [field, methods] of fields) {
    for (const name of methods) {
      Object.defineProperty(storeClass.prototype, name, {
        configurable: true,
        writable: true,
        value: function (this: { roles: StoreRoles }, ...args: unknown[]) {
          const role = this.roles[field] as unknown as Record<string, (...a: unknown[]) => unknown>;
          return role[name](...args);
        },
      });
    }
  }
}
