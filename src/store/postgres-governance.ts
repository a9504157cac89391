import type { ValidationMode } from '../core/types.ts';
import type { CompatIdEntry, GovernanceSettings, SchemaValidationReport, StoredReport, SubjectGovernance, ValidationFailure } from '../core/governance/governance-types.ts';
import { compatIdChange, completeReport } from './governance-writes.ts';
import { toCompatId, toFailure, toReport, type CompatRow, type FailureRow, type ReportRow } from './sql-rows.ts';
import type { Db, PgContext } from './postgres-db.ts';
import type { GovernanceRecordStore } from './store-roles.ts';
import type { FailureDay } from './store-records.ts';
import type { FailureFilter, RegisterVersionInput, SubjectGovernanceUpdate } from './store.ts';

/** The failure filter as SQL ($1–$5, see failureParams); a change request's own registrations left out by their report's changeRequestId. */
const FAILURE_WHERE = `WHERE ($1::text[] IS NULL OR subject = ANY($1)) AND created_at >= $2 COLLATE "C" AND created_at < $3 COLLATE "C" AND id > $4
  AND ($5::int IS NULL OR (report_json::jsonb ->> 'changeRequestId') IS DISTINCT FROM $5::text)`;

function failureParams(filter: FailureFilter): unknown[] {
  return [filter.subjects ?? null, filter.since ?? '', filter.until ?? '\uffff', filter.afterId ?? 0, filter.excludeChangeRequest ?? null];
}

/**
 * Held from a failure's insert to its transaction's end, by every instance:
 * a failure with a larger id commits after every smaller one. Incompatible
 * registrations are the exception, so serialising their last moments costs
 * little.
 */
const FAILURE_ORDER_LOCK = 0x5c4e3a04;

/** The governance records of the PostgreSQL store: reports, failure events, compat ids, subject governance, settings. */
export class PostgresGovernance implements GovernanceRecordStore {
  constructor(private readonly ctx: PgContext) {}

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
    // Ids then become visible in the order they were given: the notifier reads failures "after id N" and would skip one committed late.
    await db.query('SELECT pg_advisory_xact_lock($1)', [FAILURE_ORDER_LOCK]);
    await db.query('INSERT INTO validation_failures (subject, mode, registered, created_at, report_json) VALUES ($1, $2, $3, $4, $5)', [
      subject,
      mode,
      registered,
      report.createdAt,
      JSON.stringify(report),
    ]);
  }

  async recordRefusal(report: SchemaValidationReport, mode: ValidationMode): Promise<void> {
    await this.ctx.tx((db) => this.writeRefusal(db, report, mode));
  }

  private async writeRefusal(db: Db, report: SchemaValidationReport, mode: ValidationMode): Promise<void> {
    await db.query('INSERT INTO validation_reports (subject, created_at, report_json) VALUES ($1, $2, $3)', [report.subject, report.createdAt, JSON.stringify(report)]);
    await this.insertFailure(db, report.subject, mode, false, report);
  }

  async listReports(subject: string, page: { offset: number; limit: number }): Promise<StoredReport[]> {
    const rows = (
      await this.ctx.db.query<ReportRow>('SELECT * FROM validation_reports WHERE subject = $1 ORDER BY id DESC LIMIT $2 OFFSET $3', [subject, page.limit < 0 ? null : page.limit, page.offset])
    ).rows;
    return rows.map(toReport);
  }

  async countReports(subject: string): Promise<number> {
    return (await this.ctx.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM validation_reports WHERE subject = $1', [subject])).rows[0].n;
  }

  async listFailures(filter: FailureFilter = {}): Promise<ValidationFailure[]> {
    const { rows } = await this.ctx.db.query<FailureRow>(`SELECT * FROM validation_failures ${FAILURE_WHERE} ORDER BY id LIMIT $6`, [...failureParams(filter), filter.limit ?? null]);
    return rows.map(toFailure);
  }

  async countFailures(filter: FailureFilter = {}): Promise<number> {
    const { rows } = await this.ctx.db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM validation_failures ${FAILURE_WHERE}`, failureParams(filter));
    return Number(rows[0].n);
  }

  async failuresByDay(filter: FailureFilter = {}): Promise<FailureDay[]> {
    const { rows } = await this.ctx.db.query<{ day: string; canary: string; strict: string; last_at: string }>(
      `SELECT substr(created_at, 1, 10) AS day, COUNT(*) FILTER (WHERE mode = 'canary') AS canary, COUNT(*) FILTER (WHERE mode = 'strict') AS strict,
         MAX(created_at COLLATE "C") AS last_at
       FROM validation_failures ${FAILURE_WHERE} GROUP BY day ORDER BY day`,
      failureParams(filter),
    );
    return rows.map((r) => ({ day: r.day, canary: Number(r.canary), strict: Number(r.strict), lastAt: r.last_at }));
  }

  async getCompatIds(subject: string): Promise<CompatIdEntry[]> {
    const rows = (
      await this.ctx.db.query<CompatRow>('SELECT * FROM compat_ids WHERE subject = $1 ORDER BY major', [subject])
    ).rows;
    return rows.map(toCompatId);
  }

  async getSubjectGovernance(subject: string): Promise<SubjectGovernance | undefined> {
    const row = (await this.ctx.db.query<{ governance_json: string }>('SELECT governance_json FROM subject_governance WHERE subject = $1', [subject])).rows[0];
    return row ? (JSON.parse(row.governance_json) as SubjectGovernance) : undefined;
  }

  async listSubjectGovernance(): Promise<SubjectGovernanceUpdate[]> {
    const rows = (await this.ctx.db.query<{ subject: string; governance_json: string }>('SELECT subject, governance_json FROM subject_governance ORDER BY subject COLLATE "C"')).rows;
    return rows.map((row) => ({ subject: row.subject, governance: JSON.parse(row.governance_json) as SubjectGovernance }));
  }

  async setSubjectGovernance(subject: string, governance: SubjectGovernance): Promise<void> {
    await this.writeSubjectGovernance(this.ctx.db, [{ subject, governance }]);
  }

  /** Subjects' governance, inside the caller's transaction (apply, promotion, an audit entry) or alone. */
  async writeSubjectGovernance(db: Db, updates: SubjectGovernanceUpdate[]): Promise<void> {
    for (const { subject, governance } of updates) await db.query(
      'INSERT INTO subject_governance (subject, governance_json) VALUES ($1, $2) ON CONFLICT (subject) DO UPDATE SET governance_json = excluded.governance_json',
      [subject, JSON.stringify(governance)],
    );
  }

  async getGovernanceSettings(): Promise<GovernanceSettings> {
    const row = (await this.ctx.db.query<{ settings_json: string }>('SELECT settings_json FROM governance_settings WHERE id = 1')).rows[0];
    return row ? (JSON.parse(row.settings_json) as GovernanceSettings) : {};
  }

  async setGovernanceSettings(settings: GovernanceSettings): Promise<void> {
    await this.ctx.db.query('INSERT INTO governance_settings (id, settings_json) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json', [
      JSON.stringify(settings),
    ]);
  }
}
