import { sealAuditEntry, type AuditDraft, type AuditEntry, type AuditHead, type AuditRow } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { Db, PgContext } from './postgres-db.ts';
import type { PostgresGovernance } from './postgres-governance.ts';
import type { AuditLogStore } from './store-roles.ts';
import type { SubjectGovernanceUpdate } from './store.ts';

/** Held while appending to the audit log, by every instance: one chain, never forked. */
const AUDIT_LOCK = 0x5c4e3a02;

/** The audit log in PostgreSQL: a hash chain with its head; the database's triggers refuse changing it. */
export class PostgresAuditLog implements AuditLogStore {
  constructor(
    private readonly ctx: PgContext,
    /** Subjects an entry clears are written in the entry's transaction. */
    private readonly governance: PostgresGovernance,
    private readonly signer?: AuditSigner,
  ) {}

  async appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]) {
    return this.ctx.tx(async (db) => {
      const entry = await this.append(db, audit);
      await this.governance.writeSubjectGovernance(db, subjects);
      return entry;
    });
  }

  async listAuditRows(): Promise<AuditRow[]> {
    const { rows } = await this.ctx.db.query<{ seq: number; entry_json: string; hash: string; mac: string | null }>('SELECT seq, entry_json, hash, mac FROM audit_log ORDER BY seq');
    return rows.map((r) => ({ seq: r.seq, entryJson: r.entry_json, hash: r.hash, ...(r.mac && { mac: r.mac }) }));
  }

  async getAuditHead(): Promise<AuditHead | undefined> {
    return (await this.ctx.db.query<AuditHead>('SELECT count, hash FROM audit_head WHERE id = 1')).rows[0];
  }

  /** Appends one entry inside the caller's transaction. */
  async append(db: Db, draft: AuditDraft): Promise<AuditEntry> {
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
}
