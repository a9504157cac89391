import { errors } from '../core/errors.ts';

export type Query = Record<string, string | string[] | undefined>;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** A boolean query parameter as Java reads one: "true" in any case is true, anything else false. */
export function queryFlag(query: Query, name: string): boolean {
  return single(query, name)?.toLowerCase() === 'true';
}

export function queryString(query: Query, name: string): string | undefined {
  return single(query, name);
}

/** An integer query parameter; a malformed one is a 400 that names it. */
export function queryInt(query: Query, name: string, fallback: number): number {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d{1,10}$/.test(raw.trim())) throw errors.badRequest(`Query parameter '${name}' must be an integer, got '${raw}'.`);
  return Number(raw);
}

export function pageOf(query: Query): { offset: number; limit: number } {
  const offset = queryInt(query, 'offset', 0);
  if (offset < 0) throw errors.badRequest(`Query parameter 'offset' must not be negative, got ${offset}.`);
  return { offset, limit: queryInt(query, 'limit', -1) };
}
