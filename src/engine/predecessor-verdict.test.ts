import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeAgainstPredecessor } from '../core/compat/judge-predecessor.ts';
import { LruCache } from '../core/lru-cache.ts';
import { parseSchema, type ParsedSchema } from '../core/parse-schema.ts';
import type { CompatibilityLevel, SchemaType } from '../core/types.ts';
import { JOBS } from './engine-jobs.ts';
import type { SchemaSource } from './engine-types.ts';

/*
 * The engine reads the predecessor's verdict (compat id, breaking changes,
 * added fields) off the level's own check instead of checking the pair
 * again. It must be exactly what a check of the pair on its own finds.
 */

const LEVELS: CompatibilityLevel[] = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];

const avro = (fields: Array<[string, string, unknown?]>) =>
  JSON.stringify({ type: 'record', name: 'R', fields: fields.map(([name, type, d]) => ({ name, type, ...(d !== undefined && { default: d }) })) });
const json = (props: Record<string, string>, required: string[] = [], additional = true) =>
  JSON.stringify({ type: 'object', properties: Object.fromEntries(Object.entries(props).map(([k, t]) => [k, { type: t }])), required, additionalProperties: additional });
const proto = (body: string) => `syntax = "proto3";\nmessage M {\n${body}\n}`;

/** Histories (oldest first) and candidates: compatible, breaking, adding fields, breaking only an older version. */
const CASES: Array<{ name: string; type: SchemaType; history: string[]; candidate: string }> = [
  { name: 'avro: a field added with a default', type: 'AVRO', history: [avro([['a', 'string']])], candidate: avro([['a', 'string'], ['b', 'long', 0]]) },
  { name: 'avro: a field added without one', type: 'AVRO', history: [avro([['a', 'string']])], candidate: avro([['a', 'string'], ['b', 'long']]) },
  { name: 'avro: a type changed', type: 'AVRO', history: [avro([['a', 'string']])], candidate: avro([['a', 'long']]) },
  {
    name: 'avro: compatible with the newest, not with an older one',
    type: 'AVRO',
    history: [avro([['a', 'string']]), avro([['a', 'string'], ['b', 'long', 0]])],
    candidate: avro([['b', 'long', 0]]),
  },
  { name: 'avro: identical', type: 'AVRO', history: [avro([['a', 'string']])], candidate: avro([['a', 'string']]) },
  { name: 'json: a property removed from an open model', type: 'JSON', history: [json({ a: 'string', b: 'number' })], candidate: json({ a: 'string' }) },
  { name: 'json: a property removed from a closed model', type: 'JSON', history: [json({ a: 'string', b: 'number' }, [], false)], candidate: json({ a: 'string' }, [], false) },
  { name: 'json: a required property added', type: 'JSON', history: [json({ a: 'string' })], candidate: json({ a: 'string', b: 'number' }, ['b']) },
  { name: 'protobuf: a field added', type: 'PROTOBUF', history: [proto('string a = 1;')], candidate: proto('string a = 1;\nint64 b = 2;') },
  { name: 'protobuf: a field type changed', type: 'PROTOBUF', history: [proto('string a = 1;')], candidate: proto('int64 a = 1;') },
];

const source = (schemaType: SchemaType, schema: string): SchemaSource => ({ schemaType, schema, references: [] });

describe('the predecessor verdict, computed once', () => {
  for (const c of CASES) {
    it(`${c.name}: as a check of the pair on its own finds it, at every level`, async () => {
      const parsed: ParsedSchema[] = c.history.map((s) => parseSchema(source(c.type, s)));
      const byId = new Map(parsed.map((p, i) => [i + 1, p]));
      const host = { sources: async (ids: number[]) => ids.map((id) => source(c.type, c.history[id - 1])), resolveReferences: async () => [] };
      const newestFirst = c.history.map((_, i) => ({ version: i + 1, id: i + 1 })).reverse();
      for (const level of LEVELS) {
        const stored = new LruCache<string, ParsedSchema>(1 << 20, (p) => p.text.length);
        const previous = level === 'NONE' ? [] : level.endsWith('TRANSITIVE') ? newestFirst : newestFirst.slice(0, 1);
        const evaluation = await JOBS.evaluate({ ns: 'n', candidate: source(c.type, c.candidate), previous, predecessor: newestFirst[0], level, policy: 'STRICT' }, { host, stored });
        const candidate = parseSchema(source(c.type, c.candidate));
        const alone = judgeAgainstPredecessor(candidate, { version: newestFirst[0].version, parsed: byId.get(newestFirst[0].id)! }, level, 'STRICT');
        assert.deepEqual(evaluation.predecessor, alone, level);
      }
    });
  }
});
