import { UnsupportedPatternError } from './unsupported-pattern-error.ts';

/** ECMA-262's WhiteSpace and LineTerminator, the members of `\s` (RE2's `\s` is ASCII only: `[\t\n\f\r ]`). */
const SPACE = '\\t\\n\\u000B\\f\\r\\p{Zs}\\p{Zl}\\p{Zp}\\uFEFF';
/** What `.` excludes in ECMA-262 without the `s` flag (RE2's excludes only `\n`). */
const NOT_LINE_END = '[^\\n\\r\\u2028\\u2029]';

/**
 * Rewrites the escapes whose meaning differs between ECMA-262 (what a JSON
 * Schema `pattern` is) and RE2 into explicit classes with ECMA's meaning:
 * `\s`, `\S` and `.`. Everything else is copied as written; `\d`, `\w` and
 * `\b` mean the same (ASCII) in both.
 */
export function withEcmaClasses(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      out += next === 's' ? `[${SPACE}]` : next === 'S' ? `[^${SPACE}]` : c + next;
      i += 2;
    } else if (c === '[') {
      const end = classEnd(source, i);
      out += rewriteClass(source.slice(i, end));
      i = end;
    } else {
      out += c === '.' ? NOT_LINE_END : c;
      i++;
    }
  }
  return out;
}

/** Where the class opened at `start` ends (after its `]`): the first unescaped `]` closes it, even right after `[` or `[^`. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, source.length);
}

/** `[…\s…]` takes the members inline; `[…\S…]` becomes an alternation, since a class cannot hold a complement. */
function rewriteClass(cls: string): string {
  const negated = cls.startsWith('[^');
  const members: string[] = [];
  let complement = false;
  for (let i = negated ? 2 : 1; i < cls.length - 1; ) {
    const token = cls[i] === '\\' ? cls.slice(i, i + 2) : cls[i];
    if (token === '\\s') members.push(SPACE);
    else if (token === '\\S') complement = true;
    else members.push(token);
    i += token.length;
  }
  if (!complement) return `[${negated ? '^' : ''}${members.join('')}]`;
  if (negated) {
    // [^\S] is \s; [^a\S] (whitespace other than a) has no RE2 form without intersection.
    if (members.length === 0) return `[${SPACE}]`;
    throw new UnsupportedPatternError('not supported by the linear-time engine: \\S inside a negated character class with other members; write the whitespace characters meant instead');
  }
  return members.length === 0 ? `[^${SPACE}]` : `(?:[${members.join('')}]|[^${SPACE}])`;
}
