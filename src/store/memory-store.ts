import type { AuditSigner } from '../core/governance/audit-signer.ts';
import { MemoryAuditLog } from './memory-audit-log.ts';
import { MemoryChangeRequests } from './memory-change-requests.ts';
import { MemoryGovernance } from './memory-governance.ts';
import { MemoryNotifications } from './memory-notifications.ts';
import { MemorySchemas } from './memory-schemas.ts';
import { MemorySettings } from './memory-settings.ts';
import { delegateRoles, type AuditLogStore, type ChangeRequestStore, type GovernanceRecordStore, type NotificationStore, type SchemaStore, type SettingsStore } from './store-roles.ts';
import type { Store } from './store.ts';
import { composeSnapshot } from './subject-snapshot.ts';
import { SubjectLocks } from './subject-locks.ts';

/** Its methods are its roles' (delegateRoles, below the class). */
export interface MemoryStore extends SchemaStore, SettingsStore, GovernanceRecordStore, ChangeRequestStore, AuditLogStore, NotificationStore {}

/** The store in process memory: for tests, `--store memory`, and the in-memory client. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  /** One object per role; the store's methods are theirs. */
  readonly roles: {
    schemas: MemorySchemas;
    settings: MemorySettings;
    governance: MemoryGovernance;
    changeRequests: MemoryChangeRequests;
    audit: MemoryAuditLog;
    notifications: MemoryNotifications;
  };
  private readonly locks = new SubjectLocks();

  constructor(readonly auditSigner?: AuditSigner) {
    const governance = new MemoryGovernance();
    const schemas = new MemorySchemas(governance);
    const audit = new MemoryAuditLog(governance, auditSigner);
    const notifications = new MemoryNotifications();
    const changeRequests = new MemoryChangeRequests({ schemas, governance, audit, notifications });
    this.roles = { schemas, settings: new MemorySettings(), governance, changeRequests, audit, notifications };
  }

  /** One process holds the data: an in-process lock is the whole story. */
  locked<T>(subjects: readonly string[], work: (store: Store) => Promise<T>): Promise<T> {
    return this.locks.run(subjects, () => work(this));
  }

  /** In memory a snapshot costs no round trip: its roles' single reads are the native answer (one call on the store). */
  loadSubject(subject: string) {
    const { schemas, settings, governance, changeRequests } = this.roles;
    return composeSnapshot(
      {
        getVersions: (s) => schemas.getVersions(s),
        getSchema: (id) => schemas.getSchema(id),
        getReferrers: (s, v) => schemas.getReferrers(s, v),
        getSubjectGovernance: (s) => governance.getSubjectGovernance(s),
        getChangeRequest: (id) => changeRequests.getChangeRequest(id),
        getConfig: (scope) => settings.getConfig(scope),
        getMode: (scope) => settings.getMode(scope),
        getCompatIds: (s) => governance.getCompatIds(s),
        getGovernanceSettings: () => governance.getGovernanceSettings(),
      },
      subject,
    );
  }

  async close() {}
}

delegateRoles(MemoryStore);
