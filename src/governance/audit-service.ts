import { errors } from '../core/errors.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { validateSubjectName } from '../registry/subject-name.ts';
import type { SubjectGovernanceUpdate } from '../store/store.ts';
import { readAuditEntries, renderAuditMarkdown, verifyAuditLog, type AuditEntry } from './audit-log.ts';
import { actorLabel, recorded, type Actor } from './roles.ts';

/** The audit log's reads (entries, verification, the runbook table) and its manual entries. */
export class AuditService {
  constructor(private readonly ctx: RegistryContext) {}

  async entries(): Promise<AuditEntry[]> {
    return readAuditEntries(await this.ctx.store.listAuditRows());
  }

  async verify() {
    return verifyAuditLog(await this.ctx.store.listAuditRows(), await this.ctx.store.getAuditHead());
  }

  async markdown(): Promise<string> {
    return renderAuditMarkdown(await this.entries());
  }

  /**
   * An entry recorded by an administrator: a promotion done outside
   * schemagate, or the audit of a subject made strict directly. Each listed
   * subject that was unaudited is cleared in the same transaction.
   */
  async record(body: unknown, actor: Actor): Promise<AuditEntry> {
    const input = readManualEntry(body);
    for (const subject of input.subjects) validateSubjectName(subject, this.ctx.settings.maxSubjectLength);
    const now = this.ctx.clock.now();
    const cleared: SubjectGovernanceUpdate[] = [];
    for (const subject of input.subjects) {
      const governance = await this.ctx.store.getSubjectGovernance(subject);
      if (governance && !governance.audited) cleared.push({ subject, governance: { ...governance, audited: true, updatedAt: now.toISOString(), updatedBy: actorLabel(actor) } });
    }
    return this.ctx.store.appendAuditEntry(
      {
        kind: 'manual',
        date: input.date ?? now.toISOString().slice(0, 10),
        schemaBundleSha: input.schemaBundleSha,
        changeRequest: input.changeRequest,
        validationWindow: input.validationWindow,
        notes: input.notes,
        subjects: input.subjects,
        recordedBy: recorded(actor),
        createdAt: now.toISOString(),
      },
      cleared,
    );
  }
}

function readManualEntry(body: unknown) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest('The request body must be a JSON object: {"schemaBundleSha", "changeRequest", "validationWindow", "notes", "subjects"}.');
  }
  const raw = body as Record<string, unknown>;
  const str = (field: string, required: boolean): string => {
    const value = raw[field];
    if (value === undefined || value === null || value === '') {
      if (required) throw errors.invalidAuditEntry(`"${field}" is required`);
      return '';
    }
    if (typeof value !== 'string') throw errors.invalidAuditEntry(`"${field}" must be a string`);
    if (value.length > 10_000) throw errors.invalidAuditEntry(`"${field}" is longer than 10000 characters`);
    return value;
  };
  const schemaBundleSha = str('schemaBundleSha', true).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(schemaBundleSha)) throw errors.invalidAuditEntry('"schemaBundleSha" must be a SHA-256 in hex (64 characters), as `schemagate bundle-sha` prints it');
  const subjects = raw.subjects;
  if (!Array.isArray(subjects) || subjects.length === 0 || subjects.some((s) => typeof s !== 'string' || s === '')) {
    throw errors.invalidAuditEntry('"subjects" must be a non-empty array of subject names');
  }
  const date = str('date', false);
  if (date !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))) throw errors.invalidAuditEntry('"date" must be a day such as 2026-11-27');
  return {
    schemaBundleSha,
    changeRequest: str('changeRequest', true),
    validationWindow: str('validationWindow', true),
    notes: str('notes', false),
    subjects: [...new Set(subjects as string[])],
    ...(date !== '' && { date }),
  };
}
