import type { RegistryMode, ValidationMode } from '../core/types.ts';
import { composeSnapshot } from './subject-snapshot.ts';
import type {
  CompatIdEntry,
  GovernanceSettings,
  SchemaValidationReport,
  StoredReport,
  SubjectGovernance,
  ValidationFailure,
} from '../core/governance/governance-types.ts';
import { sealAuditEntry, type AuditDraft, type AuditHead, type AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import { compatIdChange, completeReport } from './governance-writes.ts';
import {
  StoreConflictError,
  type ApplyChangeRequestInput,
  type FailureFilter,
  type PromoteChangeRequestInput,
  type SubjectGovernanceUpdate,
  type ListSubjectsOptions,
  type RegisterVersionInput,
  type ScopeConfig,
  type Store,
  type StoredSchema,
  type SubjectVersion,
} from './store.ts';
import { SubjectLocks } from './subject-locks.ts';

const GLOBAL = '\u0000global';

/** The store in process memory: for tests, `--store memory`, and the in-memory client. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly locks = new SubjectLocks();
  private readonly schemas = new Map<number, StoredSchema>();
  private readonly byFingerprint = new Map<string, number>();
  private readonly versions = new Map<string, SubjectVersion[]>();
  private readonly configs = new Map<string, ScopeConfig>();
  private readonly modes = new Map<string, RegistryMode>();
  /** Ids are never reused, even after the schema holding one is deleted. */
  private highestId = 0;
  private readonly reports: StoredReport[] = [];
  private readonly failures: ValidationFailure[] = [];
  private readonly compatIds = new Map<string, CompatIdEntry[]>();
  private readonly subjectGovernance = new Map<string, SubjectGovernance>();
  private governanceSettings: GovernanceSettings = {};
  private readonly changeRequests = new Map<number, ChangeRequest>();
  private readonly changeRequestSamples = new Map<number, string>();
  private readonly auditRows: AuditRow[] = [];
  private auditHead: AuditHead | undefined;

  constructor(readonly auditSigner?: AuditSigner) {}

  /** One process holds the data: an in-process lock is the whole story. */
  locked<T>(subjects: readonly string[], work: (store: Store) => Promise<T>): Promise<T> {
    return this.locks.run(subjects, () => work(this));
  }

  async getSchema(id: number) {
    return copy(this.schemas.get(id));
  }

  async findSchemaByFingerprint(fingerprint: string) {
    const id = this.byFingerprint.get(fingerprint);
    return id === undefined ? undefined : copy(this.schemas.get(id));
  }

  async maxSchemaId() {
    return Math.max(0, ...this.schemas.keys());
  }

  async listSubjects(options: ListSubjectsOptions = {}) {
    const out: string[] = [];
    for (const [subject, versions] of this.versions) {
      if (options.prefix !== undefined && !subject.startsWith(options.prefix)) continue;
      const live = versions.some((v) => !v.deleted);
      if (options.deletedOnly ? !live && versions.length > 0 : live || (options.includeDeleted && versions.length > 0)) out.push(subject);
    }
    return out.sort();
  }

  loadSubject(subject: string) {
    return composeSnapshot(this, subject);
  }

  async getVersions(subject: string) {
    return (this.versions.get(subject) ?? []).map((v) => ({ ...v }));
  }

  async getVersionsBySchemaId(id: number) {
    return this.all().filter((v) => v.schemaId === id);
  }

  async listAllVersions(prefix?: string) {
    return this.all().filter((v) => prefix === undefined || v.subject.startsWith(prefix));
  }

  async getReferrers(subject: string, version: number) {
    const referring = new Set(
      [...this.schemas.values()].filter((s) => s.references.some((r) => r.subject === subject && r.version === version)).map((s) => s.id),
    );
    return this.all().filter((v) => referring.has(v.schemaId));
  }

  // Every write below runs without an await between its checks and its
  // changes, so it is atomic with respect to every other call.
  async registerVersion(input: RegisterVersionInput) {
    this.checkRegistration(input);
    return this.writeRegistration(input);
  }

  private checkRegistration(input: RegisterVersionInput): void {
    const existingId = this.byFingerprint.get(input.schema.fingerprint);
    if (input.id !== undefined && existingId !== undefined && existingId !== input.id) throw new StoreConflictError('schema registered under another id');
    if (input.id !== undefined && existingId === undefined && this.schemas.has(input.id)) throw new StoreConflictError('id holds another schema');
    const versions = this.versions.get(input.subject) ?? [];
    const max = versions.reduce((m, v) => Math.max(m, v.version), 0);
    if (max !== input.expectedMaxVersion) throw new StoreConflictError('subject changed');
    const version = input.version ?? max + 1;
    if (versions.some((v) => v.version === version && !input.purgeVersions?.includes(version))) throw new StoreConflictError('version exists');
  }

  private writeRegistration(input: RegisterVersionInput): { schemaId: number; version: number } {
    const versions = this.versions.get(input.subject) ?? [];
    const version = input.version ?? versions.reduce((m, v) => Math.max(m, v.version), 0) + 1;
    let schemaId = this.byFingerprint.get(input.schema.fingerprint) ?? input.id;
    if (schemaId === undefined) schemaId = this.highestId + 1;
    if (!this.schemas.has(schemaId)) {
      this.schemas.set(schemaId, { ...input.schema, references: input.schema.references.map((r) => ({ ...r })), id: schemaId });
      this.byFingerprint.set(input.schema.fingerprint, schemaId);
    }
    this.highestId = Math.max(this.highestId, schemaId);
    const kept = versions.filter((v) => !input.purgeVersions?.includes(v.version));
    kept.push({ subject: input.subject, version, schemaId, deleted: false, createdAt: input.createdAt });
    kept.sort((a, b) => a.version - b.version);
    this.versions.set(input.subject, kept);
    this.dropOrphans();
    if (input.governance) this.applyGovernance(input, schemaId, version);
    return { schemaId, version };
  }

  async createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string) {
    const id = this.changeRequests.size + 1;
    const created = { ...structuredClone(changeRequest), id };
    this.changeRequests.set(id, created);
    if (samplesText !== undefined) this.changeRequestSamples.set(id, samplesText);
    return structuredClone(created);
  }

  async getChangeRequestSamples(id: number) {
    return this.changeRequestSamples.get(id);
  }

  async getChangeRequest(id: number) {
    const found = this.changeRequests.get(id);
    return found && structuredClone(found);
  }

  async listChangeRequests(filter: { state?: ChangeRequestState; offset?: number; limit?: number } = {}) {
    const all = [...this.changeRequests.values()].filter((cr) => !filter.state || cr.state === filter.state).reverse();
    const offset = filter.offset ?? 0;
    return structuredClone(filter.limit === undefined ? all.slice(offset) : all.slice(offset, offset + filter.limit));
  }

  async updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null) {
    this.checkRevision(changeRequest.id, expectedRevision);
    this.changeRequests.set(changeRequest.id, structuredClone(changeRequest));
    if (samplesText === null) this.changeRequestSamples.delete(changeRequest.id);
    else if (samplesText !== undefined) this.changeRequestSamples.set(changeRequest.id, samplesText);
  }

  async applyChangeRequest(input: ApplyChangeRequestInput) {
    this.checkRevision(input.id, input.expectedRevision);
    // Bundle subjects are distinct, so each registration's expectations can be checked before any is written.
    for (const registration of input.registrations) this.checkRegistration(registration);
    const results = input.registrations.map((registration) => this.writeRegistration(registration));
    this.writeSubjectGovernance(input.subjects);
    const saved = input.changeRequest(results);
    this.changeRequests.set(saved.id, structuredClone(saved));
    return structuredClone(saved);
  }

  async promoteChangeRequest(input: PromoteChangeRequestInput) {
    this.checkRevision(input.id, input.expectedRevision);
    if (this.auditRows.some((row) => (JSON.parse(row.entryJson) as AuditDraft).changeRequestId === input.id)) {
      throw new StoreConflictError('change request already promoted');
    }
    const entry = this.appendAudit(input.audit);
    this.writeSubjectGovernance(input.subjects);
    const saved = input.changeRequest(entry);
    this.changeRequests.set(saved.id, structuredClone(saved));
    return entry;
  }

  async appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]) {
    const entry = this.appendAudit(audit);
    this.writeSubjectGovernance(subjects);
    return entry;
  }

  async listAuditRows() {
    return this.auditRows.map((row) => ({ ...row }));
  }

  async getAuditHead() {
    return this.auditHead && { ...this.auditHead };
  }

  private appendAudit(draft: AuditDraft) {
    const { row, entry } = sealAuditEntry(structuredClone(draft), this.auditRows.at(-1));
    this.auditRows.push({ ...row, ...(this.auditSigner && { mac: this.auditSigner.sign(row.hash) }) });
    this.auditHead = { count: row.seq, hash: row.hash };
    return entry;
  }

  private checkRevision(id: number, expected: number): void {
    const current = this.changeRequests.get(id);
    if (!current || current.revision !== expected) throw new StoreConflictError(`change request ${id} changed`);
  }

  private writeSubjectGovernance(updates: SubjectGovernanceUpdate[]): void {
    for (const { subject, governance } of updates) this.subjectGovernance.set(subject, { ...governance });
  }

  private applyGovernance(input: RegisterVersionInput, schemaId: number, version: number): void {
    const { report, failure, compat } = input.governance!;
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
    return structuredClone(this.failures.filter((f) => matches(f, filter)));
  }

  async countFailures(filter: FailureFilter = {}) {
    return this.failures.filter((f) => matches(f, filter)).length;
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

  async softDeleteVersions(subject: string, versions: number[]) {
    for (const v of this.versions.get(subject) ?? []) if (versions.includes(v.version)) v.deleted = true;
  }

  async hardDeleteVersions(subject: string, versions: number[]) {
    const kept = (this.versions.get(subject) ?? []).filter((v) => !versions.includes(v.version));
    if (kept.length > 0) this.versions.set(subject, kept);
    else this.versions.delete(subject);
    this.dropOrphans();
  }

  async getConfig(subject: string | null) {
    const config = this.configs.get(subject ?? GLOBAL);
    return config ? { ...config } : undefined;
  }

  async setConfig(subject: string | null, config: ScopeConfig) {
    this.configs.set(subject ?? GLOBAL, { ...config });
  }

  async deleteConfig(subject: string | null) {
    this.configs.delete(subject ?? GLOBAL);
  }

  async getMode(subject: string | null) {
    return this.modes.get(subject ?? GLOBAL);
  }

  async setMode(subject: string | null, mode: RegistryMode) {
    this.modes.set(subject ?? GLOBAL, mode);
  }

  async deleteMode(subject: string | null) {
    this.modes.delete(subject ?? GLOBAL);
  }

  async close() {}

  private all(): SubjectVersion[] {
    return [...this.versions.values()].flat().map((v) => ({ ...v }));
  }

  private dropOrphans(): void {
    const used = new Set(this.all().map((v) => v.schemaId));
    for (const [id, schema] of this.schemas) {
      if (!used.has(id)) {
        this.schemas.delete(id);
        this.byFingerprint.delete(schema.fingerprint);
      }
    }
  }
}

function copy(schema: StoredSchema | undefined): StoredSchema | undefined {
  return schema && { ...schema, references: schema.references.map((r) => ({ ...r })) };
}

function matches(failure: ValidationFailure, filter: FailureFilter): boolean {
  if (filter.subjects && !filter.subjects.includes(failure.subject)) return false;
  if (filter.since !== undefined && failure.createdAt < filter.since) return false;
  if (filter.until !== undefined && failure.createdAt >= filter.until) return false;
  return true;
}
