import type { CompatibilityLevel, CompatibilityPolicy, RegistryMode, SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import type {
  CompatIdEntry,
  GovernanceSettings,
  SchemaValidationReport,
  StoredReport,
  SubjectGovernance,
  ValidationFailure,
} from '../core/governance/governance-types.ts';
import type { AuditDraft, AuditEntry, AuditHead, AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';

/** A schema under its global id. Immutable once written. */
export interface StoredSchema {
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  fingerprint: string;
}

export interface SubjectVersion {
  subject: string;
  version: number;
  schemaId: number;
  deleted: boolean;
  createdAt: string;
}

/** Settings stored per subject, or globally under the scope `null`. */
export interface ScopeConfig {
  compatibilityLevel?: CompatibilityLevel;
  compatibilityPolicy?: CompatibilityPolicy;
  normalize?: boolean;
}

export interface RegisterVersionInput {
  subject: string;
  schema: Omit<StoredSchema, 'id'>;
  /** An explicit id (IMPORT mode); otherwise the schema's existing id or the next one. */
  id?: number;
  /** An explicit version (IMPORT mode); otherwise one more than the subject's highest. */
  version?: number;
  /**
   * The highest version (deleted ones included, 0 for none) the caller based
   * its checks on. If another writer got there first the store refuses with
   * StoreConflictError and the caller checks again.
   */
  expectedMaxVersion: number;
  /** Soft-deleted versions of the same schema to remove for good in the same transaction (Confluent's re-registration rule). */
  purgeVersions?: number[];
  createdAt: string;
  /**
   * Written in the same transaction as the version, so the evidence governance
   * relies on can never be missing for a registration that happened. The
   * store fills in the report's schema id and version.
   */
  governance?: {
    report: SchemaValidationReport;
    /** Present when the registration was incompatible (allowed in canary). */
    failure?: { mode: ValidationMode };
    compat: { major: number; bump: boolean; bumpedBy?: CompatIdEntry['bumpedBy'] };
  };
}

export interface FailureFilter {
  subjects?: string[];
  /** Inclusive ISO time. */
  since?: string;
  /** Exclusive ISO time. */
  until?: string;
}

export interface SubjectGovernanceUpdate {
  subject: string;
  governance: SubjectGovernance;
}

/** Applying a change request: its registrations, its subjects' modes and its new state, all or nothing. */
export interface ApplyChangeRequestInput {
  /** The CR as read; the write is refused (StoreConflictError) if it changed since. */
  expectedRevision: number;
  id: number;
  registrations: RegisterVersionInput[];
  subjects: SubjectGovernanceUpdate[];
  /** The CR to save, given what the registrations got (in the order given). */
  changeRequest(registered: Array<{ schemaId: number; version: number }>): ChangeRequest;
}

/** Promoting: subjects to strict, the audit entry appended, the CR closed, all or nothing. */
export interface PromoteChangeRequestInput {
  expectedRevision: number;
  id: number;
  subjects: SubjectGovernanceUpdate[];
  audit: AuditDraft;
  /** The CR to save, given the audit entry appended for it. */
  changeRequest(entry: AuditEntry): ChangeRequest;
}

/** A version as a subject snapshot carries it: with its schema's fingerprint, and whether any schema references it. */
export interface SnapshotVersion extends SubjectVersion {
  fingerprint: string;
  /** Some stored version's schema references this subject at this version (it cannot be purged). */
  referenced: boolean;
}

/**
 * Everything a write to one subject decides from — its versions, configs,
 * modes, compat ids and governance — read in one store call (inside the
 * subject's lock, it stays true until the write).
 */
export interface SubjectSnapshot {
  subject: string;
  /** Every version, soft-deleted ones included, ascending. */
  versions: SnapshotVersion[];
  config: { subject?: ScopeConfig; global?: ScopeConfig };
  mode: { subject?: RegistryMode; global?: RegistryMode };
  compatIds: CompatIdEntry[];
  governance?: SubjectGovernance;
  governanceSettings: GovernanceSettings;
  /** The change request the subject's governance names, with its state. */
  changeRequest?: { id: number; state: ChangeRequestState };
}

export interface ListSubjectsOptions {
  includeDeleted?: boolean;
  deletedOnly?: boolean;
  prefix?: string;
}

/**
 * The registry's persistence, one async interface for every backend. It
 * stores and enforces uniqueness; the rules of the registry (what may be
 * deleted, which version comes next) live in the service that calls it.
 */
export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** Signs each audit entry as it is appended, when an audit key is set (audit.keyFile). */
  readonly auditSigner?: AuditSigner;

  /**
   * Runs `work` with these subjects locked against every other writer —
   * other registry instances on the same database included — until it ends.
   * `work` reads and writes through the store it is given: on PostgreSQL one
   * transaction holding advisory locks on the subjects, so what it read is
   * still true when it writes. Every write that decides from a subject's
   * state (registration, deletes, apply, promotion, mode and config
   * changes) runs inside one, which is what makes them serialise.
   */
  locked<T>(subjects: readonly string[], work: (store: Store) => Promise<T>): Promise<T>;

  /** A subject's snapshot in one round trip (see SubjectSnapshot). */
  loadSubject(subject: string): Promise<SubjectSnapshot>;

  getSchema(id: number): Promise<StoredSchema | undefined>;
  findSchemaByFingerprint(fingerprint: string): Promise<StoredSchema | undefined>;
  maxSchemaId(): Promise<number>;

  listSubjects(options?: ListSubjectsOptions): Promise<string[]>;
  /** Every version of a subject, soft-deleted ones included, ascending. */
  getVersions(subject: string): Promise<SubjectVersion[]>;
  /** Every subject version pointing at a schema id. */
  getVersionsBySchemaId(id: number): Promise<SubjectVersion[]>;
  /** All subject versions, optionally under a subject prefix (GET /schemas). */
  listAllVersions(prefix?: string): Promise<SubjectVersion[]>;
  /** Subject versions whose schema references `subject` at `version`. */
  getReferrers(subject: string, version: number): Promise<SubjectVersion[]>;

  /** Registers a version atomically; throws StoreConflictError when its expectations no longer hold. */
  registerVersion(input: RegisterVersionInput): Promise<{ schemaId: number; version: number }>;
  softDeleteVersions(subject: string, versions: number[]): Promise<void>;
  /** Removes versions for good, and schemas no version points at any more. */
  hardDeleteVersions(subject: string, versions: number[]): Promise<void>;

  /** Validation reports of a subject, newest first. */
  listReports(subject: string, page: { offset: number; limit: number }): Promise<StoredReport[]>;
  countReports(subject: string): Promise<number>;
  /** Validation failures, oldest first. */
  listFailures(filter?: FailureFilter): Promise<ValidationFailure[]>;
  countFailures(filter?: FailureFilter): Promise<number>;
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

  /** Stores a new change request under the next id, with its sample records as JSON text. */
  createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string): Promise<ChangeRequest>;
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
  updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null): Promise<void>;
  applyChangeRequest(input: ApplyChangeRequestInput): Promise<ChangeRequest>;
  promoteChangeRequest(input: PromoteChangeRequestInput): Promise<AuditEntry>;
  /** An audit entry recorded by hand, with the subjects it clears, in one transaction. */
  appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]): Promise<AuditEntry>;
  /** The audit log as stored, oldest first. The store offers no way to change or remove an entry. */
  listAuditRows(): Promise<AuditRow[]>;
  getAuditHead(): Promise<AuditHead | undefined>;

  getConfig(subject: string | null): Promise<ScopeConfig | undefined>;
  setConfig(subject: string | null, config: ScopeConfig): Promise<void>;
  deleteConfig(subject: string | null): Promise<void>;
  getMode(subject: string | null): Promise<RegistryMode | undefined>;
  setMode(subject: string | null, mode: RegistryMode): Promise<void>;
  deleteMode(subject: string | null): Promise<void>;

  close(): Promise<void>;
}

/** Another writer changed what a write was based on; check again and retry. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}
