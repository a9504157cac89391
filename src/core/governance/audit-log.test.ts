import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256Hex } from '../fingerprint.ts';
import { auditSigner } from './audit-signer.ts';
import { GENESIS_HASH, readAuditEntries, renderAuditMarkdown, sealAuditEntry, verifyAuditLog, type AuditDraft, type AuditRow } from './audit-log.ts';

const draft = (n: number, extra: Partial<AuditDraft> = {}): AuditDraft => ({
  kind: 'manual',
  date: `2026-02-0${n}`,
  schemaBundleSha: String(n).repeat(64),
  changeRequest: `https://git.example/pr/${n}`,
  validationWindow: '48h canary',
  notes: `entry ${n}`,
  subjects: ['orders'],
  recordedBy: { user: 'root', authenticated: true },
  createdAt: `2026-02-0${n}T00:00:00.000Z`,
  ...extra,
});

function chain(count: number): AuditRow[] {
  const rows: AuditRow[] = [];
  for (let n = 1; n <= count; n++) rows.push(sealAuditEntry(draft(n), rows.at(-1)).row);
  return rows;
}
const headOf = (rows: AuditRow[]) => ({ count: rows.length, hash: rows.at(-1)!.hash });

describe('the audit chain', () => {
  it('links each entry to the previous one by hash and verifies', () => {
    const rows = chain(3);
    const entries = readAuditEntries(rows);
    assert.deepEqual(entries.map((e) => e.seq), [1, 2, 3]);
    assert.equal(entries[0].prevHash, GENESIS_HASH);
    assert.equal(entries[2].prevHash, rows[1].hash);
    assert.deepEqual(verifyAuditLog(rows, headOf(rows)), { ok: true, entries: 3, headHash: rows[2].hash });
    assert.deepEqual(verifyAuditLog([], undefined), { ok: true, entries: 0, headHash: GENESIS_HASH });
  });

  it('names an edited entry', () => {
    const rows = chain(3);
    rows[1] = { ...rows[1], entryJson: rows[1].entryJson.replace('entry 2', 'entry 2 (fixed)') };
    assert.deepEqual(verifyAuditLog(rows, headOf(rows)).firstBadEntry, { seq: 2, problem: 'the entry was edited: its content no longer matches its hash' });
  });

  it('names an entry edited together with its hash, by the link the next entry holds', () => {
    const rows = chain(3);
    const entryJson = rows[1].entryJson.replace('entry 2', 'entry 2 (fixed)');
    rows[1] = { ...rows[1], entryJson, hash: sha256Hex(entryJson) };
    assert.deepEqual(verifyAuditLog(rows, headOf(chain(3))).firstBadEntry, { seq: 2, problem: 'entry 2 was replaced: entry 3 chains to another hash' });
  });

  it('names a deleted entry, first, middle or last', () => {
    const rows = chain(3);
    const head = headOf(rows);
    assert.equal(verifyAuditLog([rows[0], rows[2]], head).firstBadEntry?.seq, 2);
    assert.match(verifyAuditLog([rows[0], rows[2]], head).firstBadEntry!.problem, /entry 2 is missing/);
    assert.deepEqual(verifyAuditLog(rows.slice(0, 2), head).firstBadEntry, { seq: 3, problem: 'entry 3 is missing: the log held 3 entries' });
    assert.equal(verifyAuditLog(rows.slice(1), head).firstBadEntry?.seq, 1);
  });

  it('names reordered entries', () => {
    const rows = chain(3);
    const swapped = [rows[0], { ...rows[2], seq: 2 }, { ...rows[1], seq: 3 }];
    assert.deepEqual(verifyAuditLog(swapped, headOf(rows)).firstBadEntry, { seq: 2, problem: 'the entry recorded as number 3 sits at place 2: entries were reordered' });
  });

  it('names a row that is no longer JSON, and still reads the others', () => {
    const rows = chain(2);
    rows[0] = { ...rows[0], entryJson: '{broken' };
    assert.equal(verifyAuditLog(rows, headOf(rows)).firstBadEntry?.seq, 1);
    assert.deepEqual(readAuditEntries(rows).map((e) => e.seq), [2]);
  });

  it('notices a last entry replaced consistently, through the head', () => {
    const rows = chain(2);
    const forged = sealAuditEntry(draft(2, { notes: 'forged' }), rows[0]).row;
    assert.deepEqual(verifyAuditLog([rows[0], forged], headOf(rows)).firstBadEntry, {
      seq: 2,
      problem: 'the last entry was replaced: its hash is not the one recorded when it was appended',
    });
  });
});

describe('the runbook table', () => {
  it('lists the newest first, one row per change request, cells on one line, and _TBD_ last', () => {
    const rows: AuditRow[] = [];
    for (const d of [draft(1), draft(2, { notes: 'a | b\nc' }), draft(3, { changeRequest: 'https://git.example/pr/1', notes: 'redone' })]) {
      rows.push(sealAuditEntry(d, rows.at(-1)).row);
    }
    assert.equal(
      renderAuditMarkdown(readAuditEntries(rows)),
      [
        '| Date | Schema Bundle SHA | Change Request | Validation Window | Notes |',
        '|------------|------------------|----------------|-------------------|-------|',
        `| 2026-02-03 | ${'3'.repeat(64)} | https://git.example/pr/1 | 48h canary | redone |`,
        `| 2026-02-02 | ${'2'.repeat(64)} | https://git.example/pr/2 | 48h canary | a \\| b c |`,
        '| _TBD_ |  |  |  |  |',
        '',
      ].join('\n'),
    );
    assert.equal(renderAuditMarkdown([]).split('\n')[2], '| _TBD_ |  |  |  |  |');
  });
});

describe('verifyAuditLog with an audit key', () => {
  const chain = (count: number, sign?: (hash: string) => string) => {
    const rows: AuditRow[] = [];
    for (let n = 1; n <= count; n++) {
      const { row } = sealAuditEntry(draft(n), rows.at(-1));
      rows.push({ ...row, ...(sign && { mac: sign(row.hash) }) });
    }
    return rows;
  };
  const key = Buffer.from('k'.repeat(32));

  it('accepts entries signed with the key, from signedFrom on', () => {
    const signer = auditSigner(key);
    const rows = chain(3, signer.sign);
    assert.equal(verifyAuditLog(rows, { count: 3, hash: rows[2].hash }, undefined, signer).ok, true);
    const unsignedStart = chain(2);
    const signedLater = auditSigner(key, 3);
    const { row } = sealAuditEntry(draft(3), unsignedStart[1]);
    const mixed = [...unsignedStart, { ...row, mac: signedLater.sign(row.hash) }];
    assert.equal(verifyAuditLog(mixed, { count: 3, hash: row.hash }, undefined, signedLater).ok, true, 'entries before signedFrom predate the key');
  });

  it('names an entry signed with another key, or not at all', () => {
    const rows = chain(3, auditSigner(Buffer.from('x'.repeat(32))).sign);
    const result = verifyAuditLog(rows, { count: 3, hash: rows[2].hash }, undefined, auditSigner(key));
    assert.deepEqual([result.ok, result.firstBadEntry?.seq], [false, 1]);
    assert.match(result.firstBadEntry!.problem, /not signed with this registry's audit key/);
    const unsigned = chain(2);
    assert.equal(verifyAuditLog(unsigned, { count: 2, hash: unsigned[1].hash }, undefined, auditSigner(key)).firstBadEntry?.seq, 1);
  });
});
