import type { DiffRow, SideBySideDiff } from './side-by-side.ts';

/** Unchanged lines kept on each side of a change. */
export const CONTEXT_LINES = 3;
/** An unchanged schema up to this many lines is shown whole. */
export const UNCHANGED_SHOWN = 400;
/** Rows a diff is sent with at most: past them, the rest is summarised (its flags listed above the diff). */
export const MAX_ROWS = 4_000;

/** A side-by-side diff as the console shows it: long unchanged runs folded, and at most `maxRows` rows. */
export interface FoldedDiff extends Omit<SideBySideDiff, 'rows'> {
  rows: Array<DiffRow | { kind: 'fold'; lines: number }>;
  /** Set when rows past `maxRows` were left out. */
  cut?: { shownRows: number; omittedRows: number };
}

/**
 * Folds every run of unchanged, unflagged rows longer than twice the
 * context into its first and last CONTEXT_LINES rows around one fold
 * marker, then cuts the rows at `maxRows`. A reviewer reads what changed,
 * and a megabyte schema with one new field is a dozen rows, not fifty
 * thousand, on the wire and in the browser. A flag on a row that is cut is
 * moved to `unplaced`, so no difference goes unseen.
 */
export function foldRows(diff: SideBySideDiff, options: { context?: number; maxRows?: number } = {}): FoldedDiff {
  const context = options.context ?? CONTEXT_LINES;
  const maxRows = options.maxRows ?? MAX_ROWS;
  const rows: FoldedDiff['rows'] = [];
  // Loops, not push(...spread): a run can be hundreds of thousands of rows, more arguments than a call takes.
  const append = (list: DiffRow[], from: number, to: number) => {
    for (let i = from; i < to; i++) rows.push(list[i]);
  };
  let run: DiffRow[] = [];
  const flush = (head: number, tail: number) => {
    if (run.length > head + tail + 1) {
      append(run, 0, head);
      rows.push({ kind: 'fold', lines: run.length - head - tail });
      append(run, run.length - tail, run.length);
    } else {
      append(run, 0, run.length);
    }
    run = [];
  };
  let first = true;
  for (const row of diff.rows) {
    if (row.kind === 'same' && row.flags.length === 0) {
      run.push(row);
      continue;
    }
    flush(first ? 0 : context, context);
    first = false;
    rows.push(row);
  }
  // A schema without changes is shown whole when short, and as its head and a fold when long.
  if (first) flush(run.length <= UNCHANGED_SHOWN ? run.length : context, 0);
  else flush(context, 0);
  if (rows.length <= maxRows) return { ...diff, rows };
  const dropped = rows.slice(maxRows);
  const moved = dropped.flatMap((r) => ('flags' in r ? r.flags : []));
  return { ...diff, rows: rows.slice(0, maxRows), unplaced: [...diff.unplaced, ...moved], cut: { shownRows: maxRows, omittedRows: dropped.length } };
}
