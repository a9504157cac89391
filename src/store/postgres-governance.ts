import type pg from 'pg';
import type { ValidationMode } from '../core/types.ts';
import { sealAuditEntry, type AuditDraft, type AuditEntry, type AuditHead, type AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import type { CompatIdEntry, GovernanceSettings, SchemaValidationReport, StoredReport, SubjectGovernance, ValidationFailure } from '../core/governance/governance-types.ts';
import { compatIdChange, completeReport } from './governance-writes.ts';
import { toCompatId, toFailure, toReport, type CompatRow, type FailureRow, type ReportRow } from './sql-rows.ts';
import { StoreConflictError, type FailureFilter, type RegisterVersionInput } from './store.ts';

/** The pool, or a client inside a transaction. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Held while appending to the audit log, by every instance: one chain, never forked. */
const AUDIT_LOCK = 0x5c4e3a02;

/** The governance tables of the PostgreSQL store: reports, failures, compat ids, settings, change requests, the audit log. */
export class PostgresGovernance {
  constructor(private readonly signer?: AuditSigner) {}

  /** Runs inside the registration's transaction. */
  async applyRegistration(db: Db, input: RegisterVersionInput, schemaId: number, version: number): Promise<void> {
    if (!input.governance) return;
    const { report, failure, compat } = input.governance;
    const complete = completeReport(report, schemaId, version);
    await db.query('INSERT INTO validation_reports (subject, created_at, report_json) VALUES ($1, $2, $3)', [input.subject, complete.createdAt, JSON.stringify(complete)]);
    if (failure) await this.insertFailure(db, input.subject, failure.mode, true, complete);
    const change = compatIdChange(input.subject, compat, version, input.createdAt);
    if ('insert' in change) {
      const e = change.insert;
      await db.query('INSERT INTO compat_ids (subject, major, first_version, last_version, created_at, bumped_by_json) VALUES ($1, $2, $3, $4, $5, $6)', [
        e.subject,
        e.major,
        e.firstVersion,
        e.lastVersion,
        e.createdAt,
        e.bumpedBy ? JSON.stringify(e.bumpedBy) : null,
      ]);
    } else {
      await db.query('UPDATE compat_ids SET last_version = $1 WHERE subject = $2 AND major = $3', [change.extend.lastVersion, input.subject, change.extend.major]);
    }
  }

  private async insertFailure(db: Db, subject: string, mode: ValidationMode, registered: boolean, report: SchemaValidationReport): Promise<void> {
    await db.query('INSERT INTO validation_failures (subject, mode, registered, created_at, report_json) VALUES ($1, $2, $3, $4, $5)', [
      subject,
      mode,
      registered,
      report.createdAt,
      JSON.stringify(report),
    ]);
  }

  async recordRefusal(db: Db, report: SchemaValidationReport, mode: ValidationMode): Promise<void> {
    await db.query('INSERT INTO validation_reports (subject, created_at, report_json) VALUES ($1, $2, $3)', [report.subject, report.createdAt, JSON.stringify(report)]);
    await this.insertFailure(db, report.subject, mode, false, report);
  }

  async listReports(db: Db, subject: string, page: { offset: number; limit: number }): Promise<StoredReport[]> {
    const rows = (
      await db.query<ReportRow>('SELECT * FROM validation_reports WHERE subject = $1 ORDER BY id DESC LIMIT $2 OFFSET $3', [subject, page.limit < 0 ? null : page.limit, page.offset])
    ).rows;
    return rows.map(toReport);
  }

  async countReports(db: Db, subject: string): Promise<number> {
    return (await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM validation_reports WHERE subject = $1', [subject])).rows[0].n;
  }

  async listFailures(db: Db, filter: FailureFilter): Promise<ValidationFailure[]> {
    const rows = (
      await db.query<FailureRow>(
        `SELECT * FROM validation_failures
         WHERE ($1::text[] IS NULL OR subject = ANY($1)) AND created_at >= $2 COLLATE "C" AND created_at < $3 COLLATE "C" ORDER BY id`,
        [filter.subjects ?? null, filter.since ?? '', filter.until ?? '\uffff'],
      )
    ).rows;
    return rows.map(toFailure);
  }

  async getCompatIds(db: Db, subject: string): Promise<CompatIdEntry[]> {
    const rows = (
      await db.query<CompatRow>('SELECT * FROM compat_ids WHERE subject = $1 ORDER BY major', [subject])
    ).rows;
    return rows.map(toCompatId);
  }

  async getSubjectGovernance(db: Db, subject: string): Promise<SubjectGovernance | undefined> {
    const row = (await db.query<{ governance_json: string }>('SELECT governance_json FROM subject_governance WHERE subject = $1', [subject])).rows[0];
    return row ? (JSON.parse(row.governance_json) as SubjectGovernance) : undefined;
  }

  async listSubjectGovernance(db: Db): Promise<Array<{ subject: string; governance: SubjectGovernance }>> {
    const rows = (await db.query<{ subject: string; governance_json: string }>('SELECT subject, governance_json FROM subject_governance ORDER BY subject COLLATE "C"')).rows;
    return rows.map((row) => ({ subject: row.subject, governance: JSON.parse(row.governance_json) as SubjectGovernance }));
  }

  async setSubjectGovernance(db: Db, subject: string, governance: SubjectGovernance): Promise<void> {
    await db.query(
      'INSERT INTO subject_governance (subject, governance_json) VALUES ($1, $2) ON CONFLICT (subject) DO UPDATE SET governance_json = excluded.governance_json',
      [subject, JSON.stringify(governance)],
    );
  }

  async getGovernanceSettings(db: Db): Promise<GovernanceSettings> {
    const row = (await db.query<{ settings_json: string }>('SELECT settings_json FROM governance_settings WHERE id = 1')).rows[0];
    return row ? (JSON.parse(row.settings_json) as GovernanceSettings) : {};
  }

  async setGovernanceSettings(db: Db, settings: GovernanceSettings): Promise<void> {
    await db.query('INSERT INTO governance_settings (id, settings_json) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json', [
      JSON.stringify(settings),
    ]);
  }

  async createChangeRequest(db: Db, changeRequest: NewChangeRequest, samplesText: string | undefined): Promise<ChangeRequest> {
    const { id } = (
      await db.query<{ id: number }>(
        'INSERT INTO change_requests (state, revision, created_at, change_request_json, samples_json) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [changeRequest.state, changeRequest.revision, changeRequest.createdAt, '{}', samplesText ?? null],
      )
    ).rows[0];
    const created = { ...changeRequest, id };
    await db.query('UPDATE change_requests SET change_request_json = $1 WHERE id = $2', [JSON.stringify(created), id]);
    return created;
  }

  async getChangeRequest(db: Db, id: number): Promise<ChangeRequest | undefined> {
    const row = (await db.query<{ change_request_json: string }>('SELECT change_request_json FROM change_requests WHERE id = $1', [id])).rows[0];
    return row && (JSON.parse(row.change_request_json) as ChangeRequest);
  }

  async listChangeRequests(db: Db, filter: { state?: ChangeRequestState; offset?: number; limit?: number }): Promise<ChangeRequest[]> {
    const rows = (
      await db.query<{ change_request_json: string }>(
        'SELECT change_request_json FROM change_requests WHERE $1::text IS NULL OR state = $1 ORDER BY id DESC LIMIT $2 OFFSET $3',
        [filter.state ?? null, filter.limit ?? null, filter.offset ?? 0],
      )
    ).rows;
    return rows.map((row) => JSON.parse(row.change_request_json) as ChangeRequest);
  }

  /** Compare-and-set on the revision. */
  async updateChangeRequest(db: Db, changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null): Promise<void> {
    const result = await db.query(
      `UPDATE change_requests SET state = $1, revision = $2, change_request_json = $3, samples_json = CASE WHEN $6 THEN $7 ELSE samples_json END
       WHERE id = $4 AND revision = $5`,
      [changeRequest.state, changeRequest.revision, JSON.stringify(changeRequest), changeRequest.id, expectedRevision, samplesText !== undefined, samplesText ?? null],
    );
    if (result.rowCount !== 1) throw new StoreConflictError(`change request ${changeRequest.id} changed`);
  }

  /** Locks the CR's row for the transaction and checks nobody wrote it since it was read. */
  async lockChangeRequest(db: Db, id: number, expectedRevision: number): Promise<void> {
    const row = (await db.query<{ revision: number }>('SELECT revision FROM change_requests WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!row || row.revision !== expectedRevision) throw new StoreConflictError(`change request ${id} changed`);
  }

  async appendAudit(db: Db, draft: AuditDraft): Promise<AuditEntry> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const last = (await db.query<{ seq: number; entry_json: string; hash: string }>('SELECT seq, entry_json, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
    const { row, entry } = sealAuditEntry(draft, last && { seq: last.seq, entryJson: last.entry_json, hash: last.hash });
    await db.query('INSERT INTO audit_log (seq, entry_json, hash, change_request_id, mac) VALUES ($1, $2, $3, $4, $5)', [
      row.seq,
      row.entryJson,
      row.hash,
      draft.kind === 'promotion' ? (draft.changeRequestId ?? null) : null,
      this.signer?.sign(row.hash) ?? null,
    ]);
    // Two statements, not an upsert: the head's trigger lets an INSERT start it at entry 1 and an UPDATE move it one entry on.
    if (row.seq === 1) await db.query('INSERT INTO audit_head (id, count, hash) VALUES (1, $1, $2)', [row.seq, row.hash]);
    else await db.query('UPDATE audit_head SET count = $1, hash = $2 WHERE id = 1', [row.seq, row.hash]);
    return entry;
  }

  async auditRows(db: Db): Promise<AuditRow[]> {
    const rows = (await db.query<{ seq: number; entry_json: string; hash: string; mac: string | null }>('SELECT seq, entry_json, hash, mac FROM audit_log ORDER BY seq')).rows;
    return rows.map((r) => ({ seq: r.seq, entryJson: r.entry_json, hash: r.hash, ...(r.mac && { mac: r.mac }) }));
  }

  async auditHead(db: Db): Promise<AuditHead | undefined> {
    return (await db.query<AuditHead>('SELECT count, hash FROM audit_head WHERE id = 1')).rows[0];
  }
}
