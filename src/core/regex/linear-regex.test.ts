import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinearRegex, UnsupportedPatternError } from './linear-regex.ts';

const INPUTS = ['', ' ', '   ', 'a', 'abc', 'ABC', 'abc-1', 'a1b2c3d4', 'Passw0rd!', 'é', 'ÉTÉ', '😀', 'x😀y', 'line\nbreak', '2026-11-30', 'aaaaaaaaaa!', 'orders-value'];

describe('LinearRegex', () => {
  it('answers as JavaScript does for the patterns schemas use', () => {
    const patterns = [
      '^[a-z]+$', '^\\d{4}-\\d{2}-\\d{2}$', '[A-Z]', '^\\S+$', '\\u00e9', '^[\\u0041-\\u005A]+$', '\\uD83D\\uDE00', '\\u{1F600}', '^\\p{Lu}', '[^]',
      '^(?!\\s*$).+', '^(?=.*\\d)(?=.*[a-z]).{8,}$', '^(?!orders-)', '^(?=a)(?!ab)', '^(?!\\s*$)[a-z|]+$', '^(a+)+$', 'b|^c', '^-?\\d+(\\.\\d+)?$',
    ];
    for (const pattern of patterns) {
      const native = new RegExp(pattern, 'u');
      const linear = LinearRegex.compile(pattern);
      for (const input of INPUTS) assert.equal(linear.test(input), native.test(input), `${pattern} on ${JSON.stringify(input)}`);
    }
  });

  it('gives \\s, \\S and . their JavaScript meaning, not RE2\'s ASCII one', () => {
    // RE2's \s is [\t\n\f\r ] and its . excludes only \n: a strict subject's samples would validate differently than its consumers do.
    const spaces = ['\u00a0', '\v', '\r', '\u2028', '\u2029', '\ufeff', '\u3000', '\t', '\n', ' ', 'a', '.', 's', '\\', ']', '😀', 'a\u00a0b'];
    const patterns = [
      '^\\S+$', '^\\s$', '^.$', '^[\\s]$', '^[^\\s]$', '^[a\\S]$', '^[\\S]$', '^[^\\S]$', '^[.]$', '^\\.$', '^\\\\s$', '^[\\]s]$', '^a[]?$', '^(?!\\s*$).+',
      // "whitespace but line breaks": the whitespace the other members leave.
      '^[^\\S\\r\\n]+$', '^[^\\S\\s]$', '^[^a\\S]$',
    ];
    for (const pattern of patterns) {
      const native = new RegExp(pattern, 'u');
      const linear = LinearRegex.compile(pattern);
      for (const input of spaces) assert.equal(linear.test(input), native.test(input), `${pattern} on ${JSON.stringify(input)}`);
    }
  });

  it('reads what RE2 would read its own way as JavaScript does', () => {
    const inputs = ['A', 'a', 'z', '-', '😀', '\\uD83D\uDE00', '[', ':', ']', 'x{41}', 'Q.*E', '.*', 'pL', '\x07'];
    const patterns = [
      // Valid only without the u flag (schemas written for other engines): escaped letters are the letters.
      '^\\-$', '^\\A$', 'a\\z', '^\\Q.*\\E$', '^\\pL$', '^\\x{41}$', '^\\a$',
      // A class holding '[' is no POSIX class; an escaped backslash before \u is no surrogate pair.
      '^[[:alpha:]]+$', '^\\\\uD83D\\uDE00$', '^\\uD83D\\uDE00$',
    ];
    for (const pattern of patterns) {
      let native: RegExp;
      try {
        native = new RegExp(pattern, 'u');
      } catch {
        native = new RegExp(pattern);
      }
      const linear = LinearRegex.compile(pattern);
      for (const input of inputs) assert.equal(linear.test(input), native.test(input), `${pattern} on ${JSON.stringify(input)}`);
    }
  });

  it('runs a catastrophic pattern in linear time', () => {
    // A backtracking engine would need about 2^100000 steps here; this returns at once.
    assert.equal(LinearRegex.compile('^(a+)+$').test(`${'a'.repeat(100_000)}!`), false);
    assert.equal(LinearRegex.compile('^(?!(a|aa)+$)').test(`${'a'.repeat(100_000)}!`), true);
  });

  it('refuses what needs backtracking or is not a pattern, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['(', /not a valid regular expression: .*Unterminated group/],
      ['(a)\\1', /backreferences/],
      ['(?<n>a)\\k<n>', /backreferences \(\\k<name>\)/],
      ['(?<=a)b', /lookaround/],
      ['a(?=b)', /lookaround.*only right after a leading \^/],
      ['^(?=a)b|c', /lookaround/],
      ['(?i)abc', /not a valid regular expression/],
      ['a{1001}', /invalid repeat count/],
    ];
    for (const [pattern, message] of cases) {
      assert.throws(() => LinearRegex.compile(pattern), (err: unknown) => err instanceof UnsupportedPatternError && message.test(err.message), pattern);
    }
  });

  it('takes a literal backslash before k as text', () => {
    assert.equal(LinearRegex.compile('\\\\k<n>').test('\\k<n>'), true);
  });

  it('tells patterns apart by their text, as ajv keys them', () => {
    assert.notEqual(String(LinearRegex.compile('^a')), String(LinearRegex.compile('^(a+)+$')));
    assert.notEqual(String(LinearRegex.compile('^a')), String(LinearRegex.compile('^a', { ignoreCase: true })));
  });

  it('ignores case when asked', () => {
    assert.equal(LinearRegex.compile('^abc$', { ignoreCase: true }).test('ABC'), true);
    assert.equal(LinearRegex.compile('^abc$').test('ABC'), false);
  });
});
