export interface LeadingLookaheads {
  /** Each assertion's pattern, and whether it must match (`(?=…)`) or must not (`(?!…)`). */
  assertions: Array<{ pattern: string; positive: boolean }>;
  /** What follows the assertions, to match at the start too. */
  body: string;
}

/**
 * Splits `^(?=A)(?!B)C` into its assertions A, B and its body C. At the
 * start of the input, `(?=A)` means "A matches at the start", so the whole
 * pattern means: ^A matches, ^B does not, ^C does — three patterns RE2 can
 * run. Undefined when the pattern has no such leading assertions, or when a
 * top-level `|` would make the split change its meaning (`^(?=a)b|c`).
 */
export function splitLeadingLookaheads(source: string): LeadingLookaheads | undefined {
  if (!source.startsWith('^')) return undefined;
  const assertions: LeadingLookaheads['assertions'] = [];
  let at = 1;
  while (source.startsWith('(?=', at) || source.startsWith('(?!', at)) {
    const close = matchingParen(source, at);
    if (close === undefined) return undefined;
    assertions.push({ pattern: source.slice(at + 3, close), positive: source[at + 2] === '=' });
    at = close + 1;
  }
  if (assertions.length === 0) return undefined;
  const body = source.slice(at);
  if (hasTopLevelAlternation(body)) return undefined;
  return { assertions, body };
}

/** The index of the `)` closing the group that opens at `open`, skipping escapes and character classes. */
function matchingParen(source: string, open: number): number | undefined {
  let depth = 0;
  for (const [index, ch] of scan(source, open)) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return index;
  }
  return undefined;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  for (const [, ch] of scan(source, 0)) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/** The structural characters of a pattern — parentheses and `|` — outside escapes and character classes, with their index. */
function* scan(source: string, from: number): Generator<[number, string]> {
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(' || ch === ')' || ch === '|') yield [i, ch];
  }
}
