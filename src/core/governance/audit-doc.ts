import { errors } from '../errors.ts';
import { AUDIT_TBD_ROW, auditTableRow, renderAuditMarkdown, type AuditEntry, type AuditRowFields } from './audit-log.ts';

/**
 * The "Strict Mode Audit Log" table inside a governance document, as text:
 * found by its header (`| Date … Schema Bundle SHA …`), read, updated in
 * place. Everything outside the table is left byte for byte.
 */
interface TableSpan {
  lines: string[];
  /** First row after the header and separator. */
  start: number;
  /** One past the last row. */
  end: number;
}

function findTable(text: string): TableSpan {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.trim().startsWith('| Date') && line.includes('Schema Bundle SHA'));
  if (header === -1) throw errors.invalidAuditEntry('the document has no audit table (a line starting "| Date" with a "Schema Bundle SHA" column)');
  const start = header + 2;
  let end = start;
  while (end < lines.length && lines[end].trim().startsWith('|')) end++;
  return { lines, start, end };
}

/** The rows of the table, `_TBD_` left out. */
export function readAuditDoc(text: string): AuditRowFields[] {
  const { lines, start, end } = findTable(text);
  return lines
    .slice(start, end)
    .map(cells)
    .filter((c) => c.length >= 5 && c[0] !== '_TBD_')
    .map(([date, schemaBundleSha, changeRequest, validationWindow, notes]) => ({ date, schemaBundleSha, changeRequest, validationWindow, notes }));
}

/**
 * Records one entry the way the runbook's helper does: the new row first,
 * any older row for the same change request dropped, `_TBD_` kept last;
 * with the registry's entry (`head`), the head line moves to it.
 */
export function recordInAuditDoc(text: string, entry: AuditRowFields, head?: AuditDocHead): string {
  return withHead(recordRow(text, entry), head);
}

function recordRow(text: string, entry: AuditRowFields): string {
  const { lines, start, end } = findTable(text);
  const row = auditTableRow(entry);
  const changeRequest = cells(row)[2];
  const kept = lines.slice(start, end).filter((line) => {
    const c = cells(line);
    return line.trim() !== '' && c[0] !== '_TBD_' && c[2] !== changeRequest;
  });
  return [...lines.slice(0, start), row, ...kept, AUDIT_TBD_ROW, ...lines.slice(end)].join('\n');
}

/**
 * The registry's head as the document last saw it, on the line after the
 * table: an HTML comment, so the rendered runbook does not show it. It is
 * the anchor outside the database: a log truncated, wiped or rewritten and
 * chained again no longer holds it, which `audit-log check --doc` reports.
 */
const HEAD_LINE = /^<!-- schemagate audit head: (\d+) ([0-9a-f]{64}) -->$/;

export interface AuditDocHead {
  seq: number;
  hash: string;
}

export function readAuditDocHead(text: string): AuditDocHead | undefined {
  const { lines, end } = findTable(text);
  const match = HEAD_LINE.exec((lines[end] ?? '').trim());
  return match ? { seq: Number(match[1]), hash: match[2] } : undefined;
}

/** The document with its head line set to `head` (added after the table, or replaced). */
function withHead(text: string, head: AuditDocHead | undefined): string {
  if (!head) return text;
  const { lines, end } = findTable(text);
  const line = `<!-- schemagate audit head: ${head.seq} ${head.hash} -->`;
  const present = HEAD_LINE.test((lines[end] ?? '').trim());
  return [...lines.slice(0, end), line, ...lines.slice(present ? end + 1 : end)].join('\n');
}

/** The table's rows replaced by the registry's log (newest first, one row per change request), and its head line moved to the log's head. */
export function exportToAuditDoc(text: string, entries: readonly AuditEntry[]): string {
  const { lines, start, end } = findTable(text);
  const rows = renderAuditMarkdown(entries).trimEnd().split('\n').slice(2);
  const last = entries.reduce<AuditEntry | undefined>((max, e) => (!max || e.seq > max.seq ? e : max), undefined);
  return withHead([...lines.slice(0, start), ...rows, ...lines.slice(end)].join('\n'), last && { seq: last.seq, hash: last.hash });
}

export interface AuditDocComparison {
  /** Registry entries (the latest per change request) with no row of the same change request and bundle SHA. */
  missing: AuditEntry[];
  /** Rows the registry has no entry for. */
  extra: AuditRowFields[];
}

export function compareAuditDoc(rows: readonly AuditRowFields[], entries: readonly AuditEntry[]): AuditDocComparison {
  const latest = new Map<string, AuditEntry>();
  for (const entry of entries) latest.set(entry.changeRequest, entry);
  const same = (row: AuditRowFields, entry: AuditEntry) => row.changeRequest === entry.changeRequest && row.schemaBundleSha === entry.schemaBundleSha;
  return {
    missing: [...latest.values()].filter((entry) => !rows.some((row) => same(row, entry))),
    extra: rows.filter((row) => !entries.some((entry) => same(row, entry))),
  };
}

/** Cells of a table line: split on unescaped pipes, trimmed, `\|` unescaped. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}
