import { RE2JS } from 're2js';
import { ecmaToRe2 } from './ecma-to-re2.ts';
import { splitLeadingLookaheads } from './leading-lookaheads.ts';
import { UnsupportedPatternError } from './unsupported-pattern-error.ts';

/**
 * Regular expressions from schemas (`pattern`, `patternProperties`,
 * `propertyNames`) are written by whoever registers a schema, and matched
 * against whatever a sample or a property name holds. A backtracking engine
 * (JavaScript's RegExp) can take exponential time on `^(a+)+$`; RE2's
 * automaton never does: matching is linear in the input, whatever the
 * pattern.
 *
 * RE2 has no lookaround. The common use of it in schemas — assertions right
 * after a leading `^`, as in `^(?!\s*$).+` ("not blank") or password-style
 * `^(?=.*\d)(?=.*[a-z]).{8,}$` — is kept: each leading assertion is its own
 * anchored RE2 pattern that must (or must not) match, which is exactly what
 * the assertion means there. Anything else that needs backtracking
 * (backreferences, lookaround elsewhere) is refused when the schema is
 * registered, never at match time.
 */
export class LinearRegex {
  private constructor(
    /** The pattern as the schema wrote it (ECMA-262 syntax). */
    readonly source: string,
    private readonly ignoreCase: boolean,
    private readonly body: RE2JS,
    private readonly required: readonly RE2JS[],
    private readonly forbidden: readonly RE2JS[],
  ) {}

  /** Compiles an ECMA-262 pattern; throws UnsupportedPatternError saying why it cannot be used. */
  static compile(source: string, options: { ignoreCase?: boolean } = {}): LinearRegex {
    const key = `${options.ignoreCase ? 'i' : ''}/${source}`;
    const cached = compiled.get(key);
    if (cached) return cached;
    const unicode = checkEcmaSyntax(source);
    const flags = options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
    const split = splitLeadingLookaheads(source);
    const ignoreCase = options.ignoreCase ?? false;
    const regex = split
      ? new LinearRegex(
          source,
          ignoreCase,
          re2(`^(?:${split.body})`, flags, unicode),
          split.assertions.filter((a) => a.positive).map((a) => re2(`^(?:${a.pattern})`, flags, unicode)),
          split.assertions.filter((a) => !a.positive).map((a) => re2(`^(?:${a.pattern})`, flags, unicode)),
        )
      : new LinearRegex(source, ignoreCase, re2(source, flags, unicode), [], []);
    remember(key, regex);
    return regex;
  }

  /** Its identity as text, as RegExp#toString gives it: ajv keys its compiled patterns by this, so it must differ per pattern. */
  toString(): string {
    return `/${this.source}/${this.ignoreCase ? 'i' : ''}`;
  }

  /** Whether the pattern matches anywhere in the text (RegExp#test, unanchored). */
  test(text: string): boolean {
    return this.required.every((re) => re.test(text)) && !this.forbidden.some((re) => re.test(text)) && this.body.test(text);
  }
}

export { UnsupportedPatternError };

/**
 * ajv's `code.regExp` option: every pattern ajv compiles goes through RE2.
 * ajv passes "u" (unicodeRegExp) and reads nothing but `test`.
 */
export function ajvLinearRegExp(pattern: string, flags?: string): { test(text: string): boolean } {
  return LinearRegex.compile(pattern, { ignoreCase: flags?.includes('i') ?? false });
}
ajvLinearRegExp.code = 'LinearRegex';

/**
 * The schema must hold an ECMA-262 pattern (what JSON Schema specifies): RE2
 * alone would accept some that are not, e.g. `(?i)`. Answers whether it is
 * valid with the `u` flag; one valid only without it (`^a\-b$`, common in
 * schemas written for other engines) is read as ECMA-262 reads it then.
 */
function checkEcmaSyntax(source: string): boolean {
  let unicode = true;
  try {
    new RegExp(source, 'u');
  } catch (err) {
    unicode = false;
    try {
      new RegExp(source);
    } catch {
      throw new UnsupportedPatternError(`not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  }
  // An even number of backslashes before it: `\k` is an escape, not a literal backslash and a k.
  // RE2JS would read `\k<name>` as literal text rather than refuse it as the backreference it is.
  if (/(?<!\\)(?:\\\\)*\\k</.test(source)) throw new UnsupportedPatternError(`not supported by the linear-time engine: backreferences (\\k<name>)${NO_BACKTRACKING}`);
  return unicode;
}

const NO_BACKTRACKING = ' need a backtracking engine; RE2 runs in linear time and has none (lookahead is supported only right after a leading ^)';

/** Compiles ECMA-262 syntax on RE2, with ECMA-262's meaning (see ecmaToRe2). */
function re2(source: string, flags: number, unicode: boolean): RE2JS {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(ecmaToRe2(source, unicode)), flags);
  } catch (err) {
    if (err instanceof UnsupportedPatternError) throw err;
    const message = (err as Error).message.replace(/^error parsing regexp: /, '');
    const hint = /\(\?<?[=!]/.test(message) ? ` (lookaround${NO_BACKTRACKING})` : /`\\[1-9]/.test(message) ? ` (backreferences${NO_BACKTRACKING})` : '';
    throw new UnsupportedPatternError(`not supported by the linear-time engine: ${message}${hint}`);
  }
}

/** Compiled patterns, so a schema's patterns are compiled once however often it is used. */
const compiled = new Map<string, LinearRegex>();
/** A bound in characters of pattern, not in entries: patterns may be long. */
const MAX_CACHED_PATTERN_CHARS = 4 * 1024 * 1024;
let cachedChars = 0;

function remember(key: string, regex: LinearRegex): void {
  if (key.length > 64 * 1024) return;
  compiled.set(key, regex);
  cachedChars += key.length;
  for (const [oldKey] of compiled) {
    if (cachedChars <= MAX_CACHED_PATTERN_CHARS) break;
    compiled.delete(oldKey);
    cachedChars -= oldKey.length;
  }
}
