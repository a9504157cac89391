import { parseDuration } from '../core/duration.ts';

/** A configuration the server refuses to start with; the message says what to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A mapping section of the file, or an empty one when absent. */
export function section(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${path} must be a mapping of settings`);
  return value as Record<string, unknown>;
}

/** An integer setting within bounds, or the default when absent. */
export function integer(value: unknown, path: string, fallback: number, bounds: { min: number; max?: number }): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < bounds.min || (bounds.max !== undefined && n > bounds.max)) {
    throw new ConfigError(`${path} must be an integer from ${bounds.min}${bounds.max !== undefined ? ` to ${bounds.max}` : ' up'}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * A duration setting, written with its unit (`30s`, `48h`, `1h30m`): a bare
 * number would leave the reader guessing between seconds and milliseconds.
 */
export function duration(value: unknown, path: string, fallbackMs: number, bounds: { minMs: number; maxMs?: number; floorWhy?: string }): number {
  if (value === undefined) return fallbackMs;
  const ms = typeof value === 'string' && /[a-z]/.test(value) ? parseDuration(value) : undefined;
  if (ms === undefined) throw new ConfigError(`${path} must be a duration with a unit, such as 30s, 10m or 48h, got ${JSON.stringify(value)}`);
  if (ms < bounds.minMs) throw new ConfigError(`${path} must be at least ${formatMs(bounds.minMs)}${bounds.floorWhy ? ` (${bounds.floorWhy})` : ''}, got ${JSON.stringify(value)}`);
  if (bounds.maxMs !== undefined && ms > bounds.maxMs) throw new ConfigError(`${path} must be at most ${formatMs(bounds.maxMs)}, got ${JSON.stringify(value)}`);
  return ms;
}

function formatMs(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
