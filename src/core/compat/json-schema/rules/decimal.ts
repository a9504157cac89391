/**
 * Exact decimal arithmetic for multipleOf, as Confluent uses BigDecimal:
 * 0.1 and 0.3 must divide exactly, which binary floating point cannot.
 */
function toScaled(text: string): { digits: bigint; scale: number } {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, int, frac = '', exp = '0'] = match;
  let scale = frac.length - Number(exp);
  let digits = BigInt(`${sign}${int || '0'}${frac}`);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

function align(a: string, b: string): [bigint, bigint] {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return [x.digits * 10n ** BigInt(scale - x.scale), y.digits * 10n ** BigInt(scale - y.scale)];
}

export function decimalEquals(a: string, b: string): boolean {
  const [x, y] = align(a, b);
  return x === y;
}

export function decimalIsZero(a: string): boolean {
  return toScaled(a).digits === 0n;
}

/** Whether `divisor` divides `value` exactly. */
export function decimalDivides(divisor: string, value: string): boolean {
  const [d, v] = align(divisor, value);
  return d !== 0n && v % d === 0n;
}
