/**
 * Where a parsed JSON value holds a number JSON cannot write back (`1e400`
 * parses to Infinity): a JSON pointer, or undefined. Such a schema has no
 * canonical form, so it is refused as invalid instead of failing later.
 * Iterative, like jsonDepth, so depth cannot overflow the stack.
 */
export function findNonFinite(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, pointer] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return pointer === '' ? '#' : `#${pointer}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      if (child !== null && (typeof child === 'object' || typeof child === 'number')) stack.push([child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`]);
    }
  }
  return undefined;
}
