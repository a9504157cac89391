import { LinearRegex, UnsupportedPatternError } from '../../regex/linear-regex.ts';
import { invalidSchema } from '../invalid-schema.ts';

/** Keywords whose values are data, not schemas: a `pattern` key inside them is not a pattern. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/**
 * Compiles every regular expression of a JSON Schema — `pattern` (also under
 * `propertyNames`) and the keys of `patternProperties` — on the linear-time
 * engine, so a pattern that is invalid or needs backtracking is refused at
 * registration with its path, instead of failing each later check.
 */
export function checkPatterns(schema: unknown, where = ''): void {
  const stack: Array<[unknown, string]> = [[schema, '']];
  while (stack.length > 0) {
    const [value, pointer] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      const at = `${pointer}/${pointerToken(key)}`;
      if (!Array.isArray(value) && key === 'pattern' && typeof child === 'string') compile(child, at, where);
      else if (!Array.isArray(value) && key === 'patternProperties' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        for (const pattern of Object.keys(child)) compile(pattern, `${at}/${pointerToken(pattern)}`, where);
      }
      if (!Array.isArray(value) && DATA_KEYWORDS.has(key)) continue;
      stack.push([child, at]);
    }
  }
}

/** A key as a JSON pointer token (RFC 6901). */
const pointerToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function compile(pattern: string, pointer: string, where: string): void {
  try {
    LinearRegex.compile(pattern);
  } catch (err) {
    if (!(err instanceof UnsupportedPatternError)) throw err;
    const shown = pattern.length > 100 ? `${pattern.slice(0, 100)}…` : pattern;
    throw invalidSchema('JSON', `${where}the pattern ${JSON.stringify(shown)} is ${err.message.startsWith('not ') ? '' : 'not usable: '}${err.message}`, `#${pointer}`);
  }
}
