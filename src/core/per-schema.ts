import type { ParsedSchema } from './parse-schema.ts';

/**
 * A function of a parsed schema computed once per schema model: validators
 * and codecs are costly to build and a parsed schema never changes. Held
 * weakly, so they go when the schema does.
 */
export function perSchema<T>(build: (parsed: ParsedSchema) => T): (parsed: ParsedSchema) => T {
  const cache = new WeakMap<object, T>();
  return (parsed) => {
    const key = parsed.model as object;
    let value = cache.get(key);
    if (value === undefined) {
      value = build(parsed);
      cache.set(key, value);
    }
    return value;
  };
}
