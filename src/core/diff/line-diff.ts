/**
 * A line diff (Myers' O(ND) algorithm) whose work is bounded, so a 1 MiB
 * schema compared with a very different one costs a known, small amount of
 * CPU instead of blocking the event loop: the caller falls back to a cheap
 * diff when lineDiff gives up (returns undefined).
 */

/** One step of an edit script: 0-based line indices into the old (left) and new (right) lines. */
export type LineOp = { op: 'same'; left: number; right: number } | { op: 'removed'; left: number } | { op: 'added'; right: number };

export interface LineDiffLimits {
  /** Edits (lines removed + lines added) beyond which the diff gives up. */
  maxEdits: number;
  /**
   * Steps (diagonals visited plus lines compared) beyond which it gives up.
   * Edits alone do not bound the work: on repetitive text (formatted JSON is
   * full of identical `},` and `"type": "string"` lines) each edit can cost
   * a comparison per line.
   */
  maxWork: number;
}

/**
 * The shortest edit script turning `left` into `right`, or undefined when it
 * needs more than `limits.maxEdits` edits or `limits.maxWork` steps. The
 * common head and tail are matched first, in linear time, whatever the limits.
 */
export function lineDiff(left: readonly string[], right: readonly string[], limits: LineDiffLimits): LineOp[] | undefined {
  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) head++;
  let tail = 0;
  while (tail < left.length - head && tail < right.length - head && left[left.length - 1 - tail] === right[right.length - 1 - tail]) tail++;
  const [a, b] = interned(left.slice(head, left.length - tail), right.slice(head, right.length - tail));
  const middle = myers(a, b, limits);
  if (middle === undefined) return undefined;
  const ops: LineOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'same', left: i, right: i });
  for (const op of middle) {
    if (op.op === 'same') ops.push({ op: 'same', left: op.left + head, right: op.right + head });
    else if (op.op === 'removed') ops.push({ op: 'removed', left: op.left + head });
    else ops.push({ op: 'added', right: op.right + head });
  }
  for (let i = tail; i > 0; i--) ops.push({ op: 'same', left: left.length - i, right: right.length - i });
  return ops;
}

/** Lines as small integers, so the inner loop compares numbers, not strings. */
function interned(left: readonly string[], right: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const id = (line: string) => {
    let n = ids.get(line);
    if (n === undefined) ids.set(line, (n = ids.size));
    return n;
  };
  return [Int32Array.from(left, id), Int32Array.from(right, id)];
}

/**
 * Myers' greedy forward search, keeping each round's furthest-reaching
 * points (2d+3 of them for round d, so d² in all) to walk the path back.
 */
function myers(a: Int32Array, b: Int32Array, limits: LineDiffLimits): LineOp[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, limits.maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  let work = 0;
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    // What round d starts from: the diagonals -d-1..d+1 of round d-1.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
        work++;
      }
      v[offset + k] = x;
      if (++work > limits.maxWork) return undefined;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;
  const reversed: LineOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const round = trace[d];
    const at = (k: number) => round[k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) reversed.push({ op: 'same', left: --x, right: --y });
    if (d > 0) {
      if (x === previousX) reversed.push({ op: 'added', right: --y });
      else reversed.push({ op: 'removed', left: --x });
    }
  }
  return reversed.reverse();
}
