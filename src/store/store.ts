import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { SubjectSnapshot } from './store-records.ts';
import type { AuditLogStore, ChangeRequestStore, GovernanceRecordStore, NotificationStore, SchemaStore, SettingsStore } from './store-roles.ts';

export type { AuditLogStore, ChangeRequestStore, GovernanceRecordStore, NotificationStore, SchemaStore, SettingsStore } from './store-roles.ts';
export type * from './store-records.ts';

/**
 * The registry's persistence, one async interface for every backend: the
 * intersection of its roles (store-roles.ts, docs/decisions/014-stores-by-role.md)
 * and the unit of work that spans them. It stores and enforces uniqueness;
 * the rules of the registry (what may be deleted, which version comes next)
 * live in the service that calls it.
 */
export interface Store extends SchemaStore, SettingsStore, GovernanceRecordStore, ChangeRequestStore, AuditLogStore, NotificationStore {
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
