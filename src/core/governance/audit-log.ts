import { sha256Hex } from '../fingerprint.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import type { AuditSigner } from './audit-signer.ts';
import type { Approval } from './change-request-types.ts';
import type { RecordedActor } from './roles.ts';

/** The hash an empty log's first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a promotion (or an administrator, by hand) puts into the log. */
export interface AuditDraft {
  kind: 'promotion' | 'manual';
  /** The runbook's Date column: the day of the promotion, YYYY-MM-DD (UTC). */
  date: string;
  schemaBundleSha: string;
  /** The change's external reference (a PR URL), as the runbook's table shows it. */
  changeRequest: string;
  changeRequestId?: number;
  /** The runbook's Validation Window column, e.g. "48h canary". */
  validationWindow: string;
  notes: string;
  subjects: string[];
  /** A manual entry that records the global strict validation mode (every subject strict because of it). */
  global?: boolean;
  evidence?: {
    approvals: Approval[];
    failureCount: number;
    windowStart: string;
    windowEnd: string;
    dryRunAt?: string;
  };
  recordedBy: RecordedActor;
  createdAt: string;
}

/** An entry as chained: its place, the previous entry's hash, and its own. */
export interface AuditEntry extends AuditDraft {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * An entry as the store keeps it: the exact text that was hashed and the
 * hash beside it. The store never interprets the text, so a row edited into
 * nonsense is reported by verify instead of breaking the read.
 */
export interface AuditRow {
  seq: number;
  entryJson: string;
  hash: string;
  /** The HMAC of the hash with the registry's audit key, when one is set (see audit-signer). */
  mac?: string;
}

/** Kept by the store beside the log and moved in the same transaction: it is how a deleted last entry is noticed. */
export interface AuditHead {
  count: number;
  hash: string;
}

/** The row for the next entry, chained to the last stored row. */
export function sealAuditEntry(draft: AuditDraft, last: AuditRow | undefined): { row: AuditRow; entry: AuditEntry } {
  const seq = (last?.seq ?? 0) + 1;
  const body = { ...draft, seq, prevHash: last?.hash ?? GENESIS_HASH };
  const entryJson = canonicalJson(body);
  const hash = sha256Hex(entryJson);
  return { row: { seq, entryJson, hash }, entry: { ...body, hash } };
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The hash of the last entry: keep it outside the registry (the runbook's table keeps it), and a rewrite of the whole log is noticed too. */
  headHash: string;
  firstBadEntry?: { seq: number; problem: string };
  /** A head kept outside the registry, looked for in the log: a truncated, wiped or re-chained log no longer holds it. */
  expectedHead?: { hash: string; seq?: number; problem?: string };
  /** Strict, audited subjects no entry names: their governance was edited outside the registry. */
  unrecordedStrict?: string[];
}

/**
 * Walks the chain oldest first. An edited entry no longer matches its hash;
 * a deleted one leaves a gap in the sequence or a broken link; a moved one
 * sits at a place its hashed `seq` disagrees with; a deleted last entry
 * falls short of the head.
 */
export function verifyAuditLog(rows: readonly AuditRow[], head: AuditHead | undefined, expectHead?: string, signer?: AuditSigner): AuditVerification {
  let chain = verifyChain(rows, head);
  const unsigned = signer && rows.find((row) => row.seq >= signer.signedFrom && !signer.verify(row.hash, row.mac));
  if (chain.ok && unsigned) {
    chain = { ...chain, ok: false, firstBadEntry: { seq: unsigned.seq, problem: "the entry is not signed with this registry's audit key: it was written outside the registry" } };
  }
  if (expectHead === undefined) return chain;
  const seq = rows.find((row) => row.hash === expectHead.toLowerCase())?.seq;
  const expectedHead =
    seq !== undefined
      ? { hash: expectHead, seq }
      : { hash: expectHead, problem: `the log no longer holds the entry with hash ${expectHead}: it was truncated, wiped, or rewritten and chained again` };
  return { ...chain, ok: chain.ok && seq !== undefined, expectedHead };
}

function verifyChain(rows: readonly AuditRow[], head: AuditHead | undefined): AuditVerification {
  let prevHash = GENESIS_HASH;
  const bad = (seq: number, problem: string): AuditVerification => ({ ok: false, entries: rows.length, headHash: head?.hash ?? prevHash, firstBadEntry: { seq, problem } });
  for (const [index, row] of rows.entries()) {
    const expected = index + 1;
    if (row.seq !== expected) return bad(expected, `entry ${expected} is missing: the log jumps from ${expected - 1} to ${row.seq}`);
    const entry = parseEntry(row.entryJson);
    if (!entry) return bad(expected, 'the entry is not the JSON that was recorded');
    if (sha256Hex(row.entryJson) !== row.hash || canonicalJson(entry) !== row.entryJson) return bad(expected, 'the entry was edited: its content no longer matches its hash');
    if (entry.seq !== expected) return bad(expected, `the entry recorded as number ${String(entry.seq)} sits at place ${expected}: entries were reordered`);
    if (entry.prevHash !== prevHash) {
      // The entry itself is intact (its hash matches), so the one before it is what changed.
      return expected === 1
        ? bad(1, 'the first entry does not start the chain: entries before it were removed')
        : bad(expected - 1, `entry ${expected - 1} was replaced: entry ${expected} chains to another hash`);
    }
    prevHash = row.hash;
  }
  const count = head?.count ?? 0;
  if (count > rows.length) return bad(rows.length + 1, `entry ${rows.length + 1} is missing: the log held ${count} entries`);
  if (count < rows.length) return bad(count + 1, `entry ${count + 1} was added outside the registry`);
  if (count > 0 && head!.hash !== prevHash) return bad(count, `the last entry was replaced: its hash is not the one recorded when it was appended`);
  return { ok: true, entries: rows.length, headHash: prevHash };
}

/** The entries that can be read, oldest first; a row that is not JSON any more is left out (verify names it). */
export function readAuditEntries(rows: readonly AuditRow[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const row of rows) {
    const entry = parseEntry(row.entryJson);
    if (entry) out.push({ ...(entry as unknown as AuditDraft), seq: row.seq, prevHash: String(entry.prevHash), hash: row.hash });
  }
  return out;
}

function parseEntry(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The runbook table's header lines, as its own audit helper writes them. */
export const AUDIT_TABLE_HEADER = ['| Date | Schema Bundle SHA | Change Request | Validation Window | Notes |', '|------------|------------------|----------------|-------------------|-------|'];
export const AUDIT_TBD_ROW = '| _TBD_ |  |  |  |  |';

export type AuditRowFields = Pick<AuditDraft, 'date' | 'schemaBundleSha' | 'changeRequest' | 'validationWindow' | 'notes'>;

/** One table row: cells on one line, pipes escaped, so a note cannot break the table. */
export function auditTableRow(entry: AuditRowFields): string {
  return `| ${[entry.date, entry.schemaBundleSha, entry.changeRequest, entry.validationWindow, entry.notes].map(cell).join(' | ')} |`;
}

/**
 * The runbook's "Strict Mode Audit Log" table: newest first, one row per
 * change request (its latest entry), and the `_TBD_` row kept last, as the
 * runbook's own audit helper writes it.
 */
export function renderAuditMarkdown(entries: readonly AuditEntry[]): string {
  const seen = new Set<string>();
  const rows: string[] = [];
  for (const entry of [...entries].sort((a, b) => b.seq - a.seq)) {
    if (seen.has(entry.changeRequest)) continue;
    seen.add(entry.changeRequest);
    rows.push(auditTableRow(entry));
  }
  return [...AUDIT_TABLE_HEADER, ...rows, AUDIT_TBD_ROW].join('\n') + '\n';
}

function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}
