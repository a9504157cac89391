import type Database from 'better-sqlite3';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import type { SqliteAuditLog } from './sqlite-audit-log.ts';
import type { SqliteGovernance } from './sqlite-governance.ts';
import type { SqliteNotifications } from './sqlite-notifications.ts';
import type { NotificationDraft } from '../core/governance/notification-events.ts';
import type { SqliteSchemas } from './sqlite-schemas.ts';
import type { ChangeRequestStore } from './store-roles.ts';
import { StoreConflictError, type ApplyChangeRequestInput, type PromoteChangeRequestInput } from './store.ts';

/**
 * Change requests in SQLite. Applying one writes its registrations (the
 * schemas role's), subject governance and the CR in one transaction;
 * promoting one appends its audit entry (the audit log's) in the same way.
 */
export class SqliteChangeRequests implements ChangeRequestStore {
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly parts: { schemas: SqliteSchemas; governance: SqliteGovernance; audit: SqliteAuditLog; notifications: SqliteNotifications },
  ) {
    this.stmt = {
      insert: db.prepare('INSERT INTO change_requests (state, revision, created_at, change_request_json, samples_json) VALUES (?, ?, ?, ?, ?)'),
      samples: db.prepare<[number], { samples_json: string | null }>('SELECT samples_json FROM change_requests WHERE id = ?'),
      setSamples: db.prepare('UPDATE change_requests SET samples_json = ? WHERE id = ?'),
      setJson: db.prepare('UPDATE change_requests SET change_request_json = ? WHERE id = ?'),
      get: db.prepare<[number], { change_request_json: string }>('SELECT change_request_json FROM change_requests WHERE id = ?'),
      list: db.prepare<[{ state: string | null; limit: number; offset: number }], { change_request_json: string }>(
        'SELECT change_request_json FROM change_requests WHERE @state IS NULL OR state = @state ORDER BY id DESC LIMIT @limit OFFSET @offset',
      ),
      update: db.prepare<[string, number, string, number, number]>(
        'UPDATE change_requests SET state = ?, revision = ?, change_request_json = ? WHERE id = ? AND revision = ?',
      ),
    };
  }

  async createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string, events?: (saved: ChangeRequest) => NotificationDraft[]) {
    return this.db
      .transaction(() => {
        const info = this.stmt.insert.run(changeRequest.state, changeRequest.revision, changeRequest.createdAt, '{}', samplesText ?? null);
        const created = { ...changeRequest, id: Number(info.lastInsertRowid) };
        this.stmt.setJson.run(JSON.stringify(created), created.id);
        if (events) this.parts.notifications.append(events(created));
        return created;
      })
      .immediate();
  }

  async getChangeRequest(id: number) {
    return this.get(id);
  }

  async getChangeRequestSamples(id: number) {
    return this.stmt.samples.get(id)?.samples_json ?? undefined;
  }

  async listChangeRequests(filter: { state?: ChangeRequestState; offset?: number; limit?: number } = {}) {
    const rows = this.stmt.list.all({ state: filter.state ?? null, limit: filter.limit ?? -1, offset: filter.offset ?? 0 });
    return rows.map((row) => JSON.parse(row.change_request_json) as ChangeRequest);
  }

  async updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null, events: NotificationDraft[] = []) {
    this.db.transaction(() => {
      this.update(changeRequest, expectedRevision, samplesText);
      this.parts.notifications.append(events);
    })();
  }

  async applyChangeRequest(input: ApplyChangeRequestInput) {
    return this.db
      .transaction(() => {
        this.checkRevision(input.id, input.expectedRevision);
        const results = input.registrations.map((registration) => this.parts.schemas.writeRegistration(registration));
        this.parts.governance.writeSubjectGovernance(input.subjects);
        const saved = input.changeRequest(results);
        this.update(saved, input.expectedRevision);
        if (input.events) this.parts.notifications.append(input.events(saved));
        return saved;
      })
      .immediate();
  }

  async promoteChangeRequest(input: PromoteChangeRequestInput) {
    return this.db
      .transaction(() => {
        this.checkRevision(input.id, input.expectedRevision);
        const entry = this.parts.audit.append(input.audit);
        this.parts.governance.writeSubjectGovernance(input.subjects);
        const saved = input.changeRequest(entry);
        this.update(saved, input.expectedRevision);
        if (input.events) this.parts.notifications.append(input.events(saved));
        return entry;
      })
      .immediate();
  }

  private get(id: number): ChangeRequest | undefined {
    const row = this.stmt.get.get(id);
    return row && (JSON.parse(row.change_request_json) as ChangeRequest);
  }

  /** Compare-and-set on the revision: the row changes only if nobody wrote it since it was read. */
  private update(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null): void {
    const info = this.stmt.update.run(changeRequest.state, changeRequest.revision, JSON.stringify(changeRequest), changeRequest.id, expectedRevision);
    if (info.changes !== 1) throw new StoreConflictError(`change request ${changeRequest.id} changed`);
    if (samplesText !== undefined) this.stmt.setSamples.run(samplesText, changeRequest.id);
  }

  /** The revision check alone, for writes that must fail before anything else in their transaction is written. */
  private checkRevision(id: number, expectedRevision: number): void {
    const current = this.get(id);
    if (!current || current.revision !== expectedRevision) throw new StoreConflictError(`change request ${id} changed`);
  }
}
