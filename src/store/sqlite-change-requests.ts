import type Database from 'better-sqlite3';
import { sealAuditEntry, type AuditDraft, type AuditEntry, type AuditHead, type AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import { StoreConflictError } from './store.ts';

/**
 * Change requests and the audit log in SQLite. Methods run inside the
 * caller's transaction where they are part of a larger write (apply,
 * promote); the audit table's triggers refuse UPDATE and DELETE whoever asks.
 */
export class SqliteChangeRequests {
  private readonly stmt;

  constructor(
    db: Database.Database,
    private readonly signer?: AuditSigner,
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
      lastAudit: db.prepare<[], AuditRowRecord>('SELECT seq, entry_json, hash, mac FROM audit_log ORDER BY seq DESC LIMIT 1'),
      allAudit: db.prepare<[], AuditRowRecord>('SELECT seq, entry_json, hash, mac FROM audit_log ORDER BY seq'),
      insertAudit: db.prepare('INSERT INTO audit_log (seq, entry_json, hash, change_request_id, mac) VALUES (?, ?, ?, ?, ?)'),
      head: db.prepare<[], AuditHead>('SELECT count, hash FROM audit_head WHERE id = 1'),
      // Two statements, not an upsert: the head's triggers let an INSERT start it at entry 1 and an UPDATE move it one entry on.
      startHead: db.prepare('INSERT INTO audit_head (id, count, hash) VALUES (1, ?, ?)'),
      moveHead: db.prepare('UPDATE audit_head SET count = ?, hash = ? WHERE id = 1'),
    };
  }

  create(changeRequest: NewChangeRequest, samplesText: string | undefined): ChangeRequest {
    const info = this.stmt.insert.run(changeRequest.state, changeRequest.revision, changeRequest.createdAt, '{}', samplesText ?? null);
    const created = { ...changeRequest, id: Number(info.lastInsertRowid) };
    this.stmt.setJson.run(JSON.stringify(created), created.id);
    return created;
  }

  get(id: number): ChangeRequest | undefined {
    const row = this.stmt.get.get(id);
    return row && (JSON.parse(row.change_request_json) as ChangeRequest);
  }

  samples(id: number): string | undefined {
    return this.stmt.samples.get(id)?.samples_json ?? undefined;
  }

  list(filter: { state?: ChangeRequestState; offset?: number; limit?: number }): ChangeRequest[] {
    const rows = this.stmt.list.all({ state: filter.state ?? null, limit: filter.limit ?? -1, offset: filter.offset ?? 0 });
    return rows.map((row) => JSON.parse(row.change_request_json) as ChangeRequest);
  }

  /** Compare-and-set on the revision: the row changes only if nobody wrote it since it was read. */
  update(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null): void {
    const info = this.stmt.update.run(changeRequest.state, changeRequest.revision, JSON.stringify(changeRequest), changeRequest.id, expectedRevision);
    if (info.changes !== 1) throw new StoreConflictError(`change request ${changeRequest.id} changed`);
    if (samplesText !== undefined) this.stmt.setSamples.run(samplesText, changeRequest.id);
  }

  /** The revision check alone, for writes that must fail before anything else in their transaction is written. */
  checkRevision(id: number, expectedRevision: number): void {
    const current = this.get(id);
    if (!current || current.revision !== expectedRevision) throw new StoreConflictError(`change request ${id} changed`);
  }

  appendAudit(draft: AuditDraft): AuditEntry {
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

  auditRows(): AuditRow[] {
    return this.stmt.allAudit.all().map(toAuditRow);
  }

  auditHead(): AuditHead | undefined {
    return this.stmt.head.get();
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
