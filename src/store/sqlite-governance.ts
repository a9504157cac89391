import type Database from 'better-sqlite3';
import type { ValidationMode } from '../core/types.ts';
import type {
  CompatIdEntry,
  GovernanceSettings,
  SchemaValidationReport,
  StoredReport,
  SubjectGovernance,
  ValidationFailure,
} from '../core/governance/governance-types.ts';
import { compatIdChange, completeReport } from './governance-writes.ts';
import { toCompatId, toFailure, toReport, type CompatRow, type FailureRow, type ReportRow } from './sql-rows.ts';
import type { GovernanceRecordStore } from './store-roles.ts';
import type { FailureDay } from './store-records.ts';
import type { FailureFilter, RegisterVersionInput, SubjectGovernanceUpdate } from './store.ts';

type FailureParams = { subjects: string | null; since: string; until: string; after: number; exclude: number | null; limit: number };
type DayRow = { day: string; canary: number; strict: number; last_at: string };

const DAYS = "SELECT substr(created_at, 1, 10) AS day, SUM(mode = 'canary') AS canary, SUM(mode = 'strict') AS strict, MAX(created_at) AS last_at FROM validation_failures";

/** The failure filter as SQL: the subjects as a JSON array; a change request's own registrations left out by their report's changeRequestId. */
function failureWhere(bySubject: boolean): string {
  return `WHERE ${bySubject ? 'subject IN (SELECT value FROM json_each(@subjects)) AND ' : ''}created_at >= @since AND created_at < @until AND id > @after
    AND (@exclude IS NULL OR json_extract(report_json, '$.changeRequestId') IS NOT @exclude)`;
}

function failureParams(filter: FailureFilter): FailureParams {
  // ISO times compare as text; the bounds below cover every timestamp.
  return {
    subjects: filter.subjects ? JSON.stringify(filter.subjects) : null,
    since: filter.since ?? '',
    until: filter.until ?? '\uffff',
    after: filter.afterId ?? 0,
    exclude: filter.excludeChangeRequest ?? null,
    limit: filter.limit ?? -1,
  };
}

/** The governance records of the SQLite store: reports, failure events, compat ids, subject governance, settings. */
export class SqliteGovernance implements GovernanceRecordStore {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      insertReport: db.prepare('INSERT INTO validation_reports (subject, created_at, report_json) VALUES (?, ?, ?)'),
      listReports: db.prepare<[string, number, number], ReportRow>('SELECT * FROM validation_reports WHERE subject = ? ORDER BY id DESC LIMIT ? OFFSET ?'),
      countReports: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM validation_reports WHERE subject = ?'),
      insertFailure: db.prepare('INSERT INTO validation_failures (subject, mode, registered, created_at, report_json) VALUES (?, ?, ?, ?, ?)'),
      allFailures: db.prepare<[FailureParams], FailureRow>(`SELECT * FROM validation_failures ${failureWhere(false)} ORDER BY id LIMIT @limit`),
      // The subjects as a JSON array: one statement for any number of them, through the (subject, created_at) index.
      subjectFailures: db.prepare<[FailureParams], FailureRow>(`SELECT * FROM validation_failures ${failureWhere(true)} ORDER BY id LIMIT @limit`),
      countAll: db.prepare<[FailureParams], { n: number }>(`SELECT COUNT(*) AS n FROM validation_failures ${failureWhere(false)}`),
      countSubjects: db.prepare<[FailureParams], { n: number }>(`SELECT COUNT(*) AS n FROM validation_failures ${failureWhere(true)}`),
      daysAll: db.prepare<[FailureParams], DayRow>(`${DAYS} ${failureWhere(false)} GROUP BY day ORDER BY day`),
      daysSubjects: db.prepare<[FailureParams], DayRow>(`${DAYS} ${failureWhere(true)} GROUP BY day ORDER BY day`),
      compatIds: db.prepare<[string], CompatRow>('SELECT * FROM compat_ids WHERE subject = ? ORDER BY major'),
      insertCompat: db.prepare('INSERT INTO compat_ids (subject, major, first_version, last_version, created_at, bumped_by_json) VALUES (?, ?, ?, ?, ?, ?)'),
      extendCompat: db.prepare('UPDATE compat_ids SET last_version = ? WHERE subject = ? AND major = ?'),
      getGovernance: db.prepare<[string], { governance_json: string }>('SELECT governance_json FROM subject_governance WHERE subject = ?'),
      allGovernance: db.prepare<[], { subject: string; governance_json: string }>('SELECT subject, governance_json FROM subject_governance ORDER BY subject'),
      setGovernance: db.prepare(
        'INSERT INTO subject_governance (subject, governance_json) VALUES (?, ?) ON CONFLICT (subject) DO UPDATE SET governance_json = excluded.governance_json',
      ),
      getSettings: db.prepare<[], { settings_json: string }>('SELECT settings_json FROM governance_settings WHERE id = 1'),
      setSettings: db.prepare('INSERT INTO governance_settings (id, settings_json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json'),
    };
  }

  /** Runs inside the registration's transaction. */
  applyRegistration(input: RegisterVersionInput, schemaId: number, version: number): void {
    if (!input.governance) return;
    const { report, failure, compat } = input.governance;
    const complete = completeReport(report, schemaId, version);
    this.stmt.insertReport.run(input.subject, complete.createdAt, JSON.stringify(complete));
    if (failure) this.insertFailure(input.subject, failure.mode, true, complete);
    const change = compatIdChange(input.subject, compat, version, input.createdAt);
    if ('insert' in change) {
      const e = change.insert;
      this.stmt.insertCompat.run(e.subject, e.major, e.firstVersion, e.lastVersion, e.createdAt, e.bumpedBy ? JSON.stringify(e.bumpedBy) : null);
    } else {
      this.stmt.extendCompat.run(change.extend.lastVersion, input.subject, change.extend.major);
    }
  }

  private insertFailure(subject: string, mode: ValidationMode, registered: boolean, report: SchemaValidationReport): void {
    this.stmt.insertFailure.run(subject, mode, registered ? 1 : 0, report.createdAt, JSON.stringify(report));
  }

  async recordRefusal(report: SchemaValidationReport, mode: ValidationMode): Promise<void> {
    this.db.transaction(() => {
      this.stmt.insertReport.run(report.subject, report.createdAt, JSON.stringify(report));
      this.insertFailure(report.subject, mode, false, report);
    })();
  }

  async listReports(subject: string, page: { offset: number; limit: number }): Promise<StoredReport[]> {
    return this.stmt.listReports.all(subject, page.limit < 0 ? -1 : page.limit, page.offset).map(toReport);
  }

  async countReports(subject: string): Promise<number> {
    return this.stmt.countReports.get(subject)?.n ?? 0;
  }

  async listFailures(filter: FailureFilter = {}): Promise<ValidationFailure[]> {
    const params = failureParams(filter);
    return (filter.subjects ? this.stmt.subjectFailures : this.stmt.allFailures).all(params).map(toFailure);
  }

  async countFailures(filter: FailureFilter = {}): Promise<number> {
    return (filter.subjects ? this.stmt.countSubjects : this.stmt.countAll).get(failureParams(filter))?.n ?? 0;
  }

  async failuresByDay(filter: FailureFilter = {}): Promise<FailureDay[]> {
    return (filter.subjects ? this.stmt.daysSubjects : this.stmt.daysAll).all(failureParams(filter)).map((r) => ({ day: r.day, canary: r.canary, strict: r.strict, lastAt: r.last_at }));
  }

  async getCompatIds(subject: string): Promise<CompatIdEntry[]> {
    return this.stmt.compatIds.all(subject).map(toCompatId);
  }

  async getSubjectGovernance(subject: string): Promise<SubjectGovernance | undefined> {
    const row = this.stmt.getGovernance.get(subject);
    return row ? (JSON.parse(row.governance_json) as SubjectGovernance) : undefined;
  }

  async listSubjectGovernance(): Promise<SubjectGovernanceUpdate[]> {
    return this.stmt.allGovernance.all().map((row) => ({ subject: row.subject, governance: JSON.parse(row.governance_json) as SubjectGovernance }));
  }

  async setSubjectGovernance(subject: string, governance: SubjectGovernance): Promise<void> {
    this.stmt.setGovernance.run(subject, JSON.stringify(governance));
  }

  /** Subjects' governance, inside the caller's transaction (apply, promotion, an audit entry). */
  writeSubjectGovernance(updates: SubjectGovernanceUpdate[]): void {
    for (const { subject, governance } of updates) this.stmt.setGovernance.run(subject, JSON.stringify(governance));
  }

  async getGovernanceSettings(): Promise<GovernanceSettings> {
    const row = this.stmt.getSettings.get();
    return row ? (JSON.parse(row.settings_json) as GovernanceSettings) : {};
  }

  async setGovernanceSettings(settings: GovernanceSettings): Promise<void> {
    this.stmt.setSettings.run(JSON.stringify(settings));
  }
}
