import { UnsupportedPatternError } from './unsupported-pattern-error.ts';

/** ECMA-262's WhiteSpace and LineTerminator: the members of `\s` (RE2's `\s` is ASCII only: `[\t\n\f\r ]`). */
const SPACE_POINTS = [0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
const point = (cp: number) => `\\u{${cp.toString(16)}}`;
const SPACE = SPACE_POINTS.map(point).join('');
/** What `.` excludes in ECMA-262 without the `s` flag (RE2's excludes only `\n`). */
const NOT_LINE_END = '[^\\n\\r\\u2028\\u2029]';
/** A class nothing matches: `[]`, or `[^\s\S]`. */
const NOTHING = '[^\\u{0}-\\u{10ffff}]';
/** Escapes ECMA-262 gives a meaning to without the `u` flag; any other escaped letter stands for itself there. */
const NON_UNICODE_ESCAPES = new Set('bBdDwWfnrtv0123456789');
const HEX = /^[0-9a-f]+$/i;

/**
 * Rewrites an ECMA-262 pattern (what a JSON Schema `pattern` is) into RE2
 * syntax with the same meaning, where the two read the same text
 * differently: `\s`, `\S` and `.` (RE2's are ASCII or differ); UTF-16
 * surrogate pairs (RE2 reads code points); `[` inside a class (RE2 reads
 * `[[:alpha:]]` as a POSIX class); and, in a pattern valid only without the
 * `u` flag, escaped letters that ECMA-262 takes literally but RE2 reads as
 * its own (`\A`, `\z`, `\Q`, `\pL`, `\x{41}`). RE2JS's translateRegExp does
 * the rest (`\uXXXX`, `\u{…}`, `\cX`, `[^]`, named groups).
 */
export function ecmaToRe2(source: string, unicode: boolean): string {
  let out = '';
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '\\') {
      const escape = readEscape(source, i, unicode);
      out += escape.text === '\\s' ? `[${SPACE}]` : escape.text === '\\S' ? `[^${SPACE}]` : escape.text;
      i += escape.length;
    } else if (c === '[') {
      const end = classEnd(source, i);
      out += rewriteClass(source.slice(i, end), unicode);
      i = end;
    } else {
      out += c === '.' ? NOT_LINE_END : c;
      i++;
    }
  }
  return out;
}

/** One escape at `at`, as RE2 text of the same meaning, and how many characters of the source it took. */
function readEscape(source: string, at: number, unicode: boolean): { text: string; length: number } {
  const next = source[at + 1] ?? '';
  if (next === 'u') {
    const braced = unicode && source[at + 2] === '{' ? /^\{([0-9a-f]+)\}/i.exec(source.slice(at + 2)) : null;
    if (braced) return { text: point(parseInt(braced[1], 16)), length: 2 + braced[0].length };
    const unit = source.slice(at + 2, at + 6);
    if (unit.length === 4 && HEX.test(unit)) {
      const high = parseInt(unit, 16);
      const low = source.startsWith('\\u', at + 6) ? source.slice(at + 8, at + 12) : '';
      // A surrogate pair is one code point to RE2, which has no surrogates.
      if (high >= 0xd800 && high <= 0xdbff && low.length === 4 && HEX.test(low) && parseInt(low, 16) >= 0xdc00 && parseInt(low, 16) <= 0xdfff) {
        return { text: point((high - 0xd800) * 0x400 + (parseInt(low, 16) - 0xdc00) + 0x10000), length: 12 };
      }
      return { text: point(high), length: 6 };
    }
    return { text: 'u', length: 2 };
  }
  if (next === 'x') {
    const hex = source.slice(at + 2, at + 4);
    return hex.length === 2 && HEX.test(hex) ? { text: `\\x${hex}`, length: 4 } : { text: 'x', length: 2 };
  }
  if (next === 'c') return /[a-z]/i.test(source[at + 2] ?? '') ? { text: source.slice(at, at + 3), length: 3 } : { text: '\\\\c', length: 2 };
  if ((next === 'p' || next === 'P') && unicode) {
    const close = source.indexOf('}', at);
    return { text: source.slice(at, close + 1), length: close + 1 - at };
  }
  if (/[a-z]/i.test(next) && !unicode && !NON_UNICODE_ESCAPES.has(next) && next !== 's' && next !== 'S') return { text: next, length: 2 };
  // Outside ASCII, an escaped character is itself (RE2 refuses the escape).
  if (next.charCodeAt(0) > 0x7f) return { text: next, length: 2 };
  return { text: `\\${next}`, length: 2 };
}

/** Where the class opened at `start` ends (after its `]`): the first unescaped `]` closes it, even right after `[` or `[^`. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, source.length);
}

/**
 * A class with its members rewritten: `\s` takes its members inline; `\S`
 * becomes an alternation (`[a\S]`), or, in a negated class (`[^\S\r\n]`,
 * "whitespace but newlines"), the whitespace the other members leave.
 */
function rewriteClass(cls: string, unicode: boolean): string {
  const negated = cls.startsWith('[^');
  const first = negated ? 2 : 1;
  const members: string[] = [];
  /** The members other than `\S`, as written. */
  let others = '';
  let complement = false;
  for (let i = first; i < cls.length - 1; ) {
    if (cls[i] === '\\') {
      const escape = readEscape(cls, i, unicode);
      if (escape.text === '\\S') complement = true;
      else {
        // In a class, \b is a backspace (RE2 has no such escape), and without `u` an escaped B is a B.
        members.push(escape.text === '\\s' ? SPACE : escape.text === '\\b' ? '\\x08' : escape.text === '\\B' && !unicode ? 'B' : escape.text);
        others += cls.slice(i, i + escape.length);
      }
      i += escape.length;
    } else {
      members.push(cls[i] === '[' ? '\\[' : cls[i]);
      others += cls[i];
      i++;
    }
  }
  if (!complement) return members.length === 0 && !negated ? NOTHING : `[${negated ? '^' : ''}${members.join('')}]`;
  if (!negated) return members.length === 0 ? `[^${SPACE}]` : `(?:[${members.join('')}]|[^${SPACE}])`;
  let inOthers: RegExp;
  try {
    inOthers = new RegExp(`[${others}]`, unicode ? 'u' : '');
  } catch {
    throw new UnsupportedPatternError(`not supported by the linear-time engine: the character class ${cls}`);
  }
  const left = SPACE_POINTS.filter((cp) => !inOthers.test(String.fromCodePoint(cp)));
  return left.length === 0 ? NOTHING : `[${left.map(point).join('')}]`;
}
