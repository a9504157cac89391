import type { CompatibilityLevel, CompatibilityPolicy, RegistryMode, SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import type {
  CompatIdEntry,
  GovernanceSettings,
  SchemaValidationReport,
  SubjectGovernance,
} from '../core/governance/governance-types.ts';
import type { AuditDraft, AuditEntry } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState } from '../core/governance/change-request-types.ts';
import type { AuditLogStore, ChangeRequestStore, GovernanceRecordStore, SchemaStore, SettingsStore } from './store-roles.ts';

export type { AuditLogStore, ChangeRequestStore, GovernanceRecordStore, SchemaStore, SettingsStore } from './store-roles.ts';

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
  /**
   * A soft-deleted version that some stored version's schema references (it
   * cannot be purged). Always false for a live version: only withdrawn
   * versions are ever purged, and asking for each of a long history costs.
   */
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
 * The registry's persistence, one async interface for every backend: the
 * intersection of its roles (store-roles.ts, docs/decisions/014-stores-by-role.md)
 * and the unit of work that spans them. It stores and enforces uniqueness;
 * the rules of the registry (what may be deleted, which version comes next)
 * live in the service that calls it.
 */
export interface Store extends SchemaStore, SettingsStore, GovernanceRecordStore, ChangeRequestStore, AuditLogStore {
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

  close(): Promise<void>;
}

/** Another writer changed what a write was based on; check again and retry. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}
