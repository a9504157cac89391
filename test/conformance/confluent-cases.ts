import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedReference } from '../../src/core/formats/schema-format.ts';

/** Where Confluent's own compatibility cases live (copied as data into the steering repo). */
export const CONFORMANCE_DIR = resolve(import.meta.dirname, '../../../shared/conformance/confluent');

export interface ConfluentCase {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  original_references?: Array<{ name: string; subject: string; version: number }>;
  update_references?: Array<{ name: string; subject: string; version: number }>;
  original_dependencies?: Record<string, string>;
  update_dependencies?: Record<string, string>;
  changes: string[];
  compatible: boolean;
  compatible_lenient?: boolean;
}

/** Set when the steering repository's shared data is not next to this checkout: the suites then say so and skip. */
export const CONFORMANCE_MISSING = existsSync(CONFORMANCE_DIR) ? false : `Confluent's cases are not at ${CONFORMANCE_DIR}`;

/** Reads a case file; some have trailing commas, which JSON.parse refuses. */
export function readCases(relative: string): ConfluentCase[] {
  const path = relative.startsWith('fixtures/') ? resolve(import.meta.dirname, '..', relative) : resolve(CONFORMANCE_DIR, relative);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8').replace(/,(\s*[\]}])/g, '$1');
  return JSON.parse(text) as ConfluentCase[];
}

/** Multiset difference of two string lists: what is missing and what is extra. */
export function multisetDiff(expected: string[], actual: string[]): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const e of expected) counts.set(e, (counts.get(e) ?? 0) + 1);
  const extra: string[] = [];
  for (const a of actual) {
    const n = counts.get(a) ?? 0;
    if (n > 0) counts.set(a, n - 1);
    else extra.push(a);
  }
  const missing = [...counts].flatMap(([k, n]) => Array<string>(n).fill(k));
  return { missing, extra };
}

/** A Protobuf case's references, with the dependency text the case gives for each. */
export function protobufReferencesOf(c: ConfluentCase, side: 'original' | 'update'): ResolvedReference[] {
  const dependencies = (c[`${side}_dependencies`] ?? []) as unknown as Array<{ name: string; dependency?: string }>;
  return (c[`${side}_references`] ?? []).flatMap((ref) => {
    const dependency = dependencies.find((d) => d.name === ref.name)?.dependency;
    return dependency ? [{ ...ref, schemaType: 'PROTOBUF' as const, schema: dependency, references: [] }] : [];
  });
}
