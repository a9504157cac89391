/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation: object keys sorted
 * by UTF-16 code units, no whitespace, numbers and strings exactly as
 * ECMAScript's JSON.stringify writes them (which is what RFC 8785 specifies).
 * Iterative, so a deeply nested value cannot overflow the stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Work items are either values to write or literal text to emit.
  const stack: Array<{ value: unknown } | string> = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const v = item.value;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('canonicalJson: non-finite number');
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') {
        throw new TypeError(`canonicalJson: cannot serialise a ${typeof v}`);
      }
      out.push(JSON.stringify(v));
      continue;
    }
    if (Array.isArray(v)) {
      stack.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i] });
        if (i > 0) stack.push(',');
      }
      out.push('[');
      continue;
    }
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort(compareUtf16);
    stack.push('}');
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (v as Record<string, unknown>)[keys[i]] });
      stack.push(`${JSON.stringify(keys[i])}:`);
      if (i > 0) stack.push(',');
    }
    out.push('{');
  }
  return out.join('');
}

/** RFC 8785 orders keys by UTF-16 code units, which is what `<` on strings compares. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
