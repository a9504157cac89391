/**
 * A side-by-side line diff of two schema versions with the compatibility
 * checker's differences flagged on the lines they concern, for the
 * governance console (a change request's schema next to the latest version,
 * or any two versions of a subject).
 *
 * Where a flag goes: each flag lands on exactly one row, or in `unplaced`
 * (shown above the diff) when its path matches nothing.
 * 1. Its path is resolved in each text's structure (see schema-outline.ts
 *    for the path dialects), first in the schema the checker took the path
 *    from — the reader: the new schema backward, the old one forward (new
 *    first when the flag has no direction) — then in the other. That order
 *    matters for Avro, whose `/fields/N` counts the reader's fields; it also
 *    puts a removed field, which only the old schema has, on the left, and an
 *    added one on the right.
 * 2. On the side that resolved it, the flag goes on the row of the element's
 *    line (an Avro field's `"name"` line, a JSON Schema property's key, a
 *    .proto field's declaration) when that row differs; else on the first
 *    differing row inside the element (a property whose `"type"` changed);
 *    else on the element's row, unchanged as it is.
 * 3. A path that resolves on neither side is matched by name: the quoted
 *    field of an Avro message, else the last segment of the path that is
 *    not a keyword (`properties`, `fields`, `items`…) or a number, searched
 *    in the differing rows of the reader's side, then the other side's, then
 *    every row.
 */
import { lineDiff, type LineOp } from './line-diff.ts';
import { outlineSchema, pathSegments, type Located, type SchemaOutline } from './schema-outline.ts';

export type FlagVerdict = 'breaking' | 'compatible' | 'declared-major';
export interface DiffFlag {
  ruleId: string;
  path: string;
  message: string;
  verdict: FlagVerdict;
  direction?: 'backward' | 'forward';
}
/** `line` is 1-based. */
export interface DiffCell {
  line: number;
  text: string;
}
export interface DiffRow {
  kind: 'same' | 'changed' | 'added' | 'removed';
  left?: DiffCell;
  right?: DiffCell;
  flags: DiffFlag[];
}
export interface SideBySideDiff {
  rows: DiffRow[];
  unplaced: DiffFlag[];
  /** The texts differed too much (or were too long) for a line diff: the part between their common head and tail is one changed block. */
  truncated: boolean;
  stats: { added: number; removed: number; changed: number };
}

/** Lines beyond which no line diff is tried. */
export const DEFAULT_MAX_LINES = 20_000;
/** Edits beyond which the line diff gives up. */
export const DEFAULT_MAX_EDITS = 2_000;
/** Steps the line diff may take per edit allowed (see LineDiffLimits.maxWork): 10 million by default, tens of milliseconds. */
const WORK_PER_EDIT = 5_000;

/**
 * The text to diff: Avro and JSON Schema pretty-printed with a 2-space indent
 * and their keys in order, so that a schema registered on one line diffs line
 * by line. Numbers and strings are kept as written (a JSON round trip would
 * turn 12345678901234567890 into 12345678901234567000 and show a default the
 * schema does not have). Protobuf and text that is not JSON stay as they are.
 */
export function formatSchemaText(schemaType: 'AVRO' | 'JSON' | 'PROTOBUF', text: string): string {
  const plain = text.replace(/\r\n/g, '\n');
  if (schemaType === 'PROTOBUF') return plain;
  try {
    JSON.parse(plain);
  } catch {
    return plain;
  }
  return prettyJson(plain);
}

const JSON_TOKEN = /\s*("(?:[^"\\]|\\.)*"|[{}[\],:]|[^\s{}[\],:"]+)/y;

/** JSON.stringify(value, null, 2)'s layout, applied to valid JSON's tokens as written. */
function prettyJson(text: string): string {
  const tokens: string[] = [];
  JSON_TOKEN.lastIndex = 0;
  for (let match = JSON_TOKEN.exec(text); match; match = JSON_TOKEN.exec(text)) tokens.push(match[1]);
  const out: string[] = [];
  let depth = 0;
  let line = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '{' || token === '[') {
      const close = token === '{' ? '}' : ']';
      if (tokens[i + 1] === close) {
        line += token + close;
        i++;
        continue;
      }
      out.push(line + token);
      line = '  '.repeat(++depth);
    } else if (token === '}' || token === ']') {
      out.push(line);
      line = '  '.repeat(--depth) + token;
    } else if (token === ',') {
      out.push(`${line},`);
      line = '  '.repeat(depth);
    } else if (token === ':') line += ': ';
    else line += token;
  }
  out.push(line);
  return out.join('\n');
}

/**
 * Diffs `oldText` (null for a subject's first version: every line added)
 * with `newText`, both as formatSchemaText gives them, and puts each flag on
 * the row it concerns (see the file comment).
 */
export function sideBySide(
  oldText: string | null,
  newText: string,
  flags: DiffFlag[],
  options: { maxLines?: number; maxEdits?: number } = {},
): SideBySideDiff {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const maxEdits = options.maxEdits ?? DEFAULT_MAX_EDITS;
  const left = oldText === null ? [] : splitLines(oldText);
  const right = splitLines(newText);
  let ops: LineOp[] | undefined;
  if (oldText === null) ops = right.map((_, i) => ({ op: 'added', right: i }));
  else if (left.length <= maxLines && right.length <= maxLines) ops = lineDiff(left, right, { maxEdits, maxWork: maxEdits * WORK_PER_EDIT });
  const truncated = ops === undefined;
  const rows = toRows(ops ?? cheapDiff(left, right), left, right);

  const unplaced: DiffFlag[] = [];
  if (flags.length > 0) {
    const place = placer(rows, oldText === null ? undefined : left, right);
    for (const flag of flags) {
      const row = place(flag);
      if (row === undefined) unplaced.push(flag);
      else rows[row].flags.push(flag);
    }
  }
  const count = (kind: DiffRow['kind']) => rows.reduce((n, row) => n + (row.kind === kind ? 1 : 0), 0);
  return { rows, unplaced, truncated, stats: { added: count('added'), removed: count('removed'), changed: count('changed') } };
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  // A final newline ends the last line; it does not start another.
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The fallback when the texts differ too much: their common head and tail, and everything between as one changed block. */
function cheapDiff(left: readonly string[], right: readonly string[]): LineOp[] {
  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) head++;
  let tail = 0;
  while (tail < left.length - head && tail < right.length - head && left[left.length - 1 - tail] === right[right.length - 1 - tail]) tail++;
  const ops: LineOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'same', left: i, right: i });
  for (let i = head; i < left.length - tail; i++) ops.push({ op: 'removed', left: i });
  for (let i = head; i < right.length - tail; i++) ops.push({ op: 'added', right: i });
  for (let i = tail; i > 0; i--) ops.push({ op: 'same', left: left.length - i, right: right.length - i });
  return ops;
}

/** Rows from an edit script: between two unchanged lines, the removed and added lines are paired in order as changed rows, the rest kept apart. */
function toRows(ops: readonly LineOp[], left: readonly string[], right: readonly string[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const cell = (lines: readonly string[], i: number): DiffCell => ({ line: i + 1, text: lines[i] });
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const [l, r] = [removed[i], added[i]];
      if (l !== undefined && r !== undefined) rows.push({ kind: 'changed', left: cell(left, l), right: cell(right, r), flags: [] });
      else if (l !== undefined) rows.push({ kind: 'removed', left: cell(left, l), flags: [] });
      else rows.push({ kind: 'added', right: cell(right, r), flags: [] });
    }
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.op === 'removed') removed.push(op.left);
    else if (op.op === 'added') added.push(op.right);
    else {
      flush();
      rows.push({ kind: 'same', left: cell(left, op.left), right: cell(right, op.right), flags: [] });
    }
  }
  flush();
  return rows;
}

type Side = 'left' | 'right';

/** Which row a flag goes on, or undefined for none (see the file comment). Outlines are built once, for all flags. */
function placer(rows: readonly DiffRow[], left: readonly string[] | undefined, right: readonly string[]): (flag: DiffFlag) => number | undefined {
  const rowOf: Record<Side, Int32Array> = { left: new Int32Array((left?.length ?? 0) + 1), right: new Int32Array(right.length + 1) };
  rows.forEach((row, i) => {
    if (row.left) rowOf.left[row.left.line] = i;
    if (row.right) rowOf.right[row.right.line] = i;
  });
  const outlines: Partial<Record<Side, SchemaOutline>> = { right: outlineSchema(right), ...(left && { left: outlineSchema(left) }) };

  const rowAt = (side: Side, at: Located): number => {
    const anchor = rowOf[side][at.anchor];
    if (rows[anchor].kind !== 'same') return anchor;
    for (let line = at.start; line <= at.end; line++) {
      if (rows[rowOf[side][line]].kind !== 'same') return rowOf[side][line];
    }
    return anchor;
  };

  return (flag) => {
    const sides = (flag.direction === 'forward' ? (['left', 'right'] as const) : (['right', 'left'] as const)).filter((s) => outlines[s]);
    for (const side of sides) {
      const at = outlines[side]!.locate(flag.path, flag.ruleId, flag.message);
      if (at !== undefined && at.anchor >= 1 && at.anchor < rowOf[side].length) return rowAt(side, at);
    }
    const name = nameOf(flag);
    if (name === undefined) return undefined;
    const pattern = new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`);
    for (const side of sides) {
      const found = rows.findIndex((row) => row.kind !== 'same' && row[side] !== undefined && pattern.test(row[side].text));
      if (found >= 0) return found;
    }
    const found = rows.findIndex((row) => (row.left && pattern.test(row.left.text)) || (row.right && pattern.test(row.right.text)));
    return found >= 0 ? found : undefined;
  };
}

/** Keywords of the paths, which name no field or property of their own. */
const KEYWORDS = new Set([
  'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'required',
  'items', 'prefixItems', 'additionalItems', 'unevaluatedItems', 'contains', 'dependencies', 'dependentRequired',
  'dependentSchemas', 'definitions', '$defs', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'enum', 'const',
  'type', 'fields', 'values', 'symbols', 'size', 'name', 'default', 'aliases',
]);

/** The name a flag's difference concerns, for the search by name: an Avro message's quoted field, else the path's last meaningful segment. */
function nameOf(flag: DiffFlag): string | undefined {
  const quoted = /\bfield '([^']+)'/.exec(flag.message)?.[1];
  if (quoted !== undefined) return quoted;
  return pathSegments(flag.path).findLast((s) => !KEYWORDS.has(s) && !/^\d+$/.test(s) && /\w/.test(s));
}
