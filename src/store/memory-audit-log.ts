import { sealAuditEntry, type AuditDraft, type AuditEntry, type AuditHead, type AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { MemoryGovernance } from './memory-governance.ts';
import type { AuditLogStore } from './store-roles.ts';
import type { SubjectGovernanceUpdate } from './store.ts';

/** The audit log in process memory: appended to, never changed. */
export class MemoryAuditLog implements AuditLogStore {
  private readonly rows: AuditRow[] = [];
  private head: AuditHead | undefined;

  constructor(
    /** Subjects an entry clears are written with it. */
    private readonly governance: MemoryGovernance,
    private readonly signer?: AuditSigner,
  ) {}

  async appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]) {
    const entry = this.append(audit);
    this.governance.writeSubjectGovernance(subjects);
    return entry;
  }

  async listAuditRows() {
    return this.rows.map((row) => ({ ...row }));
  }

  async getAuditHead() {
    return this.head && { ...this.head };
  }

  append(draft: AuditDraft): AuditEntry {
    const { row, entry } = sealAuditEntry(structuredClone(draft), this.rows.at(-1));
    this.rows.push({ ...row, ...(this.signer && { mac: this.signer.sign(row.hash) }) });
    this.head = { count: row.seq, hash: row.hash };
    return entry;
  }

  /** Whether a change request already has its promotion entry (the SQL stores' unique change_request_id). */
  promoted(changeRequestId: number): boolean {
    return this.rows.some((row) => (JSON.parse(row.entryJson) as AuditDraft).changeRequestId === changeRequestId);
  }
}
