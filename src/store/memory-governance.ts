import type { ValidationMode } from '../core/types.ts';
import type { CompatIdEntry, GovernanceSettings, SchemaValidationReport, StoredReport, SubjectGovernance, ValidationFailure } from '../core/governance/governance-types.ts';
import { compatIdChange, completeReport } from './governance-writes.ts';
import type { GovernanceRecordStore } from './store-roles.ts';
import type { FailureDay } from './store-records.ts';
import type { FailureFilter, RegisterVersionInput, SubjectGovernanceUpdate } from './store.ts';

/** Governance records in process memory: reports, failure events, compat ids, subject governance, settings. */
export class MemoryGovernance implements GovernanceRecordStore {
  private readonly reports: StoredReport[] = [];
  private readonly failures: ValidationFailure[] = [];
  private readonly compatIds = new Map<string, CompatIdEntry[]>();
  private readonly subjectGovernance = new Map<string, SubjectGovernance>();
  private governanceSettings: GovernanceSettings = {};

  /** A registration's report, failure event and compat id, written with its version. */
  applyRegistration(input: RegisterVersionInput, schemaId: number, version: number): void {
    if (!input.governance) return;
    const { report, failure, compat } = input.governance;
    const complete = completeReport(report, schemaId, version);
    this.appendReport(input.subject, complete);
    if (failure) this.appendFailure(input.subject, failure.mode, true, complete);
    const change = compatIdChange(input.subject, compat, version, input.createdAt);
    const log = this.compatIds.get(input.subject) ?? [];
    if ('insert' in change) log.push(change.insert);
    else {
      const entry = log.find((e) => e.major === change.extend.major);
      if (entry) entry.lastVersion = change.extend.lastVersion;
    }
    this.compatIds.set(input.subject, log);
  }

  writeSubjectGovernance(updates: SubjectGovernanceUpdate[]): void {
    for (const { subject, governance } of updates) this.subjectGovernance.set(subject, { ...governance });
  }

  private appendReport(subject: string, report: SchemaValidationReport): void {
    this.reports.push({ id: this.reports.length + 1, subject, createdAt: report.createdAt, report: structuredClone(report) });
  }

  private appendFailure(subject: string, mode: ValidationMode, registered: boolean, report: SchemaValidationReport): void {
    this.failures.push({ id: this.failures.length + 1, subject, mode, registered, createdAt: report.createdAt, report: structuredClone(report) });
  }

  async listReports(subject: string, page: { offset: number; limit: number }) {
    const mine = this.reports.filter((r) => r.subject === subject).reverse();
    return structuredClone(page.limit < 0 ? mine.slice(page.offset) : mine.slice(page.offset, page.offset + page.limit));
  }

  async countReports(subject: string) {
    return this.reports.filter((r) => r.subject === subject).length;
  }

  async listFailures(filter: FailureFilter = {}) {
    const found = this.failures.filter((f) => matches(f, filter));
    return structuredClone(filter.limit === undefined ? found : found.slice(0, filter.limit));
  }

  async countFailures(filter: FailureFilter = {}) {
    return this.failures.filter((f) => matches(f, filter)).length;
  }

  async failuresByDay(filter: FailureFilter = {}) {
    const days = new Map<string, FailureDay>();
    for (const f of this.failures.filter((x) => matches(x, filter))) {
      const day = f.createdAt.slice(0, 10);
      const bucket = days.get(day) ?? { day, canary: 0, strict: 0, lastAt: f.createdAt };
      bucket[f.mode] += 1;
      if (f.createdAt > bucket.lastAt) bucket.lastAt = f.createdAt;
      days.set(day, bucket);
    }
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  async recordRefusal(report: SchemaValidationReport, mode: ValidationMode) {
    this.appendReport(report.subject, report);
    this.appendFailure(report.subject, mode, false, report);
  }

  async getCompatIds(subject: string) {
    return structuredClone(this.compatIds.get(subject) ?? []);
  }

  async getSubjectGovernance(subject: string) {
    const value = this.subjectGovernance.get(subject);
    return value && { ...value };
  }

  async listSubjectGovernance() {
    return [...this.subjectGovernance].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([subject, governance]) => ({ subject, governance: { ...governance } }));
  }

  async setSubjectGovernance(subject: string, governance: SubjectGovernance) {
    this.subjectGovernance.set(subject, { ...governance });
  }

  async getGovernanceSettings() {
    return structuredClone(this.governanceSettings);
  }

  async setGovernanceSettings(settings: GovernanceSettings) {
    this.governanceSettings = structuredClone(settings);
  }
}

function matches(failure: ValidationFailure, filter: FailureFilter): boolean {
  if (filter.subjects && !filter.subjects.includes(failure.subject)) return false;
  if (filter.since !== undefined && failure.createdAt < filter.since) return false;
  if (filter.until !== undefined && failure.createdAt >= filter.until) return false;
  if (filter.afterId !== undefined && failure.id <= filter.afterId) return false;
  if (filter.excludeChangeRequest !== undefined && failure.report.changeRequestId === filter.excludeChangeRequest) return false;
  return true;
}
