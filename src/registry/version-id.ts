import { errors } from '../core/errors.ts';

/** A version as Confluent's REST API takes it: 1..2^31-1, or "latest"/-1. */
export type VersionId = number | 'latest';

const MAX_VERSION = 2 ** 31 - 1;

export function parseVersionId(raw: string): VersionId {
  const text = raw.trim();
  if (text.toLowerCase() === 'latest') return 'latest';
  if (!/^-?\d+$/.test(text)) throw errors.invalidVersion(raw);
  const n = Number(text);
  if (n === -1) return 'latest';
  if (n < 1 || n > MAX_VERSION) throw errors.invalidVersion(raw);
  return n;
}
