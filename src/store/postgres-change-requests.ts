import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import type { PostgresAuditLog } from './postgres-audit-log.ts';
import { lockSubjects, type Db, type PgContext } from './postgres-db.ts';
import type { PostgresGovernance } from './postgres-governance.ts';
import type { PostgresNotifications } from './postgres-notifications.ts';
import type { NotificationDraft } from '../core/governance/notification-events.ts';
import type { PostgresSchemas } from './postgres-schemas.ts';
import type { ChangeRequestStore } from './store-roles.ts';
import { StoreConflictError, type ApplyChangeRequestInput, type PromoteChangeRequestInput } from './store.ts';

/**
 * Change requests in PostgreSQL: writes compare-and-set their revision;
 * apply and promotion lock the CR's row and write everything they touch in
 * one transaction.
 */
export class PostgresChangeRequests implements ChangeRequestStore {
  constructor(
    private readonly ctx: PgContext,
    private readonly parts: { schemas: PostgresSchemas; governance: PostgresGovernance; audit: PostgresAuditLog; notifications: PostgresNotifications },
  ) {}

  async createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string, events?: (saved: ChangeRequest) => NotificationDraft[]): Promise<ChangeRequest> {
    return this.ctx.tx(async (db) => {
      const { id } = (
        await db.query<{ id: number }>(
          'INSERT INTO change_requests (state, revision, created_at, change_request_json, samples_json) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [changeRequest.state, changeRequest.revision, changeRequest.createdAt, '{}', samplesText ?? null],
        )
      ).rows[0];
      const created = { ...changeRequest, id };
      await db.query('UPDATE change_requests SET change_request_json = $1 WHERE id = $2', [JSON.stringify(created), id]);
      if (events) await this.parts.notifications.append(db, events(created));
      return created;
    });
  }

  async getChangeRequest(id: number): Promise<ChangeRequest | undefined> {
    const row = (await this.ctx.db.query<{ change_request_json: string }>('SELECT change_request_json FROM change_requests WHERE id = $1', [id])).rows[0];
    return row && (JSON.parse(row.change_request_json) as ChangeRequest);
  }

  async getChangeRequestSamples(id: number) {
    return (await this.ctx.db.query<{ samples_json: string | null }>('SELECT samples_json FROM change_requests WHERE id = $1', [id])).rows[0]?.samples_json ?? undefined;
  }

  async listChangeRequests(filter: { state?: ChangeRequestState; offset?: number; limit?: number } = {}): Promise<ChangeRequest[]> {
    const { rows } = await this.ctx.db.query<{ change_request_json: string }>(
      'SELECT change_request_json FROM change_requests WHERE $1::text IS NULL OR state = $1 ORDER BY id DESC LIMIT $2 OFFSET $3',
      [filter.state ?? null, filter.limit ?? null, filter.offset ?? 0],
    );
    return rows.map((row) => JSON.parse(row.change_request_json) as ChangeRequest);
  }

  async updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null, events: NotificationDraft[] = []) {
    if (events.length === 0) return this.update(this.ctx.db, changeRequest, expectedRevision, samplesText);
    await this.ctx.tx(async (db) => {
      await this.update(db, changeRequest, expectedRevision, samplesText);
      await this.parts.notifications.append(db, events);
    });
  }

  async applyChangeRequest(input: ApplyChangeRequestInput) {
    return this.ctx.tx(async (db) => {
      await this.lock(db, input.id, input.expectedRevision);
      await lockSubjects(db, input.registrations.map((r) => r.subject));
      const results = [];
      for (const registration of input.registrations) results.push(await this.parts.schemas.writeRegistration(db, registration));
      await this.parts.governance.writeSubjectGovernance(db, input.subjects);
      const saved = input.changeRequest(results);
      await this.update(db, saved, input.expectedRevision);
      if (input.events) await this.parts.notifications.append(db, input.events(saved));
      return saved;
    });
  }

  async promoteChangeRequest(input: PromoteChangeRequestInput) {
    return this.ctx.tx(async (db) => {
      await this.lock(db, input.id, input.expectedRevision);
      const entry = await this.parts.audit.append(db, input.audit);
      await this.parts.governance.writeSubjectGovernance(db, input.subjects);
      const saved = input.changeRequest(entry);
      await this.update(db, saved, input.expectedRevision);
      if (input.events) await this.parts.notifications.append(db, input.events(saved));
      return entry;
    });
  }

  /** Compare-and-set on the revision. */
  private async update(db: Db, changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null): Promise<void> {
    const result = await db.query(
      `UPDATE change_requests SET state = $1, revision = $2, change_request_json = $3, samples_json = CASE WHEN $6 THEN $7 ELSE samples_json END
       WHERE id = $4 AND revision = $5`,
      [changeRequest.state, changeRequest.revision, JSON.stringify(changeRequest), changeRequest.id, expectedRevision, samplesText !== undefined, samplesText ?? null],
    );
    if (result.rowCount !== 1) throw new StoreConflictError(`change request ${changeRequest.id} changed`);
  }

  /** Locks the CR's row for the transaction and checks nobody wrote it since it was read. */
  private async lock(db: Db, id: number, expectedRevision: number): Promise<void> {
    const row = (await db.query<{ revision: number }>('SELECT revision FROM change_requests WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!row || row.revision !== expectedRevision) throw new StoreConflictError(`change request ${id} changed`);
  }
}
