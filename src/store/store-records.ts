import type { CompatibilityLevel, CompatibilityPolicy, RegistryMode, SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import type { CompatIdEntry, GovernanceSettings, SchemaValidationReport, SubjectGovernance } from '../core/governance/governance-types.ts';
import type { AuditDraft, AuditEntry } from '../core/governance/audit-log.ts';
import type { ChangeRequest, ChangeRequestState } from '../core/governance/change-request-types.ts';
import type { NotificationDraft, NotificationEvent, NotificationType } from '../core/governance/notification-events.ts';

/* The records the store keeps and the inputs of its writes: what its roles (store-roles.ts) and the Store itself speak in. */

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
  /** Only failures with a larger id: how the notifier scans for new ones. */
  afterId?: number;
  /** At most this many, oldest first. */
  limit?: number;
  /** Leaves out a change request's own registrations (its apply): they are never evidence against its canary. */
  excludeChangeRequest?: number;
}

/** Failures of one UTC day, counted by mode, with the newest one's time. */
export interface FailureDay {
  day: string;
  canary: number;
  strict: number;
  lastAt: string;
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
  /** Notification events of the saved CR, appended in the same transaction. */
  events?(saved: ChangeRequest): NotificationDraft[];
}

/** Promoting: subjects to strict, the audit entry appended, the CR closed, all or nothing. */
export interface PromoteChangeRequestInput {
  expectedRevision: number;
  id: number;
  subjects: SubjectGovernanceUpdate[];
  audit: AuditDraft;
  /** The CR to save, given the audit entry appended for it. */
  changeRequest(entry: AuditEntry): ChangeRequest;
  /** Notification events of the saved CR, appended in the same transaction. */
  events?(saved: ChangeRequest): NotificationDraft[];
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

/** A page of the notification feed (NotificationStore.listNotifications). */
export interface NotificationQuery {
  /** Only events with a larger seq. */
  afterSeq?: number;
  /** Only events with a smaller seq (paging back through a newest-first feed). */
  beforeSeq?: number;
  limit: number;
  changeRequestId?: number;
  /** Newest first (the console's feed); oldest first otherwise (the dispatcher's fan-out). */
  newestFirst?: boolean;
}

export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A delivery claimed for an attempt: the event and how many attempts came before. */
export interface DueDelivery {
  webhookId: string;
  attempts: number;
  event: NotificationEvent;
  /** The lease this claim holds: a failed attempt is recorded only while it still holds it. */
  lease: string;
}

/** One event's delivery to one webhook, as the deliveries route lists it. */
export interface DeliveryRecord {
  webhookId: string;
  seq: number;
  key: string;
  type: NotificationType;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
}

/** How an attempt ended: delivered, or failed with the time of the next attempt (null: given up, the delivery is dead). */
/**
 * A success is recorded whoever holds the lease now (the event did arrive);
 * a failure only under the lease its attempt claimed, so an attempt that
 * outlived its lease cannot free a delivery another claimant is sending.
 */
export type DeliveryOutcome = { delivered: true; at: string } | { delivered: false; error: string; nextAttemptAt: string | null; lease: string };

/** The cursor name under which a webhook's fan-out position is kept. */
export const webhookCursor = (webhookId: string) => `webhook:${webhookId}`;
