import type Database from 'better-sqlite3';
import { sealAuditEntry, type AuditDraft, type AuditEntry, type AuditHead, type AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { SqliteGovernance } from './sqlite-governance.ts';
import type { AuditLogStore } from './store-roles.ts';
import { StoreConflictError, type SubjectGovernanceUpdate } from './store.ts';

/**
 * The audit log in SQLite: a hash chain with its head. The table's triggers
 * refuse UPDATE and DELETE whoever asks; `append` runs inside the caller's
 * transaction where it is part of a larger write (a promotion).
 */
export class SqliteAuditLog implements AuditLogStore {
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    /** Subjects an entry clears are written in the entry's transaction. */
    private readonly governance: SqliteGovernance,
    private readonly signer?: AuditSigner,
  ) {
    this.stmt = {
      lastAudit: db.prepare<[], AuditRowRecord>('SELECT seq, entry_json, hash, mac FROM audit_log ORDER BY seq DESC LIMIT 1'),
      allAudit: db.prepare<[], AuditRowRecord>('SELECT seq, entry_json, hash, mac FROM audit_log ORDER BY seq'),
      insertAudit: db.prepare('INSERT INTO audit_log (seq, entry_json, hash, change_request_id, mac) VALUES (?, ?, ?, ?, ?)'),
      head: db.prepare<[], AuditHead>('SELECT count, hash FROM audit_head WHERE id = 1'),
      // Two statements, not an upsert: the head's triggers let an INSERT start it at entry 1 and an UPDATE move it one entry on.
      startHead: db.prepare('INSERT INTO audit_head (id, count, hash) VALUES (1, ?, ?)'),
      moveHead: db.prepare('UPDATE audit_head SET count = ?, hash = ? WHERE id = 1'),
    };
  }

  async appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]) {
    return this.db
      .transaction(() => {
        const entry = this.append(audit);
        this.governance.writeSubjectGovernance(subjects);
        return entry;
      })
      .immediate();
  }

  async listAuditRows() {
    return this.stmt.allAudit.all().map(toAuditRow);
  }

  async getAuditHead() {
    return this.stmt.head.get();
  }

  /** Appends one entry, inside the caller's transaction. */
  append(draft: AuditDraft): AuditEntry {
    const last = this.stmt.lastAudit.get();
    const { row, entry } = sealAuditEntry(draft, last && toAuditRow(last));
    try {
      this.stmt.insertAudit.run(row.seq, row.entryJson, row.hash, draft.kind === 'promotion' ? (draft.changeRequestId ?? null) : null, this.signer?.sign(row.hash) ?? null);
    } catch (err) {
      // The unique change_request_id: this change request already has its promotion entry.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StoreConflictError('change request already promoted');
      throw err;
    }
    (row.seq === 1 ? this.stmt.startHead : this.stmt.moveHead).run(row.seq, row.hash);
    return entry;
  }
}

interface AuditRowRecord {
  seq: number;
  entry_json: string;
  hash: string;
  mac: string | null;
}

function toAuditRow(row: AuditRowRecord): AuditRow {
  return { seq: row.seq, entryJson: row.entry_json, hash: row.hash, ...(row.mac && { mac: row.mac }) };
}
