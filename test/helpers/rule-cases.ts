import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { avroRules } from '../../src/core/compat/avro/avro-rules.ts';
import { compareAvro } from '../../src/core/compat/avro/compare-avro.ts';
import { checkCompatibility } from '../../src/core/compat/check-compatibility.ts';
import { diffJsonSchemas } from '../../src/core/compat/json-schema/compare-json-schema.ts';
import { isCompatibleJsonDifference, jsonSchemaRules } from '../../src/core/compat/json-schema/json-schema-rules.ts';
import { loadJsonSchemaNode } from '../../src/core/compat/json-schema/load-json-schema.ts';
import { diffProtobuf } from '../../src/core/compat/protobuf/compare-protobuf.ts';
import { protobufCatalog, protobufRules } from '../../src/core/compat/protobuf/protobuf-rules.ts';
import type { Rule } from '../../src/core/compat/rule.ts';
import type { RuleCase } from '../../src/core/compat/rule-case.ts';
import { avroFormat } from '../../src/core/formats/avro/avro-format.ts';
import { jsonSchemaFormat } from '../../src/core/formats/json-schema/json-schema-format.ts';
import { protobufFormat } from '../../src/core/formats/protobuf/protobuf-format.ts';
import { parseSchema } from '../../src/core/parse-schema.ts';
import type { SchemaType } from '../../src/core/types.ts';

const COMPAT = resolve(import.meta.dirname, '../../src/core/compat');

type AnyRule = Rule<unknown, never>;

/** One file of rules, with the cases kept next to it. */
export interface RuleFile {
  file: string;
  rules: AnyRule[];
  cases: RuleCase[];
}

export interface FormatCases {
  name: string;
  schemaType: SchemaType;
  /** The format's catalog, in order. */
  catalog: readonly AnyRule[];
  ruleFiles: RuleFile[];
  /** Cases about several rules or the whole walk (`cross-rule.cases.ts`). */
  crossRule: RuleCase[];
  /** Runs a case and asserts its changes and verdicts. */
  check(c: RuleCase): void;
}

function isRule(value: unknown): value is AnyRule {
  return typeof value === 'object' && value !== null && 'id' in value && 'on' in value && typeof (value as { check?: unknown }).check === 'function';
}

async function casesOf(path: string): Promise<RuleCase[]> {
  if (!existsSync(path)) return [];
  const module = (await import(pathToFileURL(path).href)) as { cases?: RuleCase[] };
  assert.ok(Array.isArray(module.cases), `${path} exports no \`cases\``);
  return module.cases;
}

/** Every file of `dir/rules` that exports rules, with its sibling `.cases.ts`. */
async function ruleFiles(dir: string): Promise<RuleFile[]> {
  const out: RuleFile[] = [];
  const rulesDir = join(COMPAT, dir, 'rules');
  for (const name of readdirSync(rulesDir).sort()) {
    if (!name.endsWith('.ts') || name.endsWith('.cases.ts') || name.endsWith('.test.ts')) continue;
    const module = (await import(pathToFileURL(join(rulesDir, name)).href)) as Record<string, unknown>;
    const rules = Object.values(module).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isRule);
    const cases = await casesOf(join(rulesDir, name.replace(/\.ts$/, '.cases.ts')));
    if (rules.length > 0 || cases.length > 0) out.push({ file: `${dir}/rules/${name}`, rules: [...new Set(rules)], cases });
  }
  return out;
}

/** Each side as a schema of the case's type, for the level reduction. */
const parsed = (schemaType: SchemaType, schema: unknown) =>
  parseSchema({ schemaType, schema: typeof schema === 'string' && schemaType === 'PROTOBUF' ? schema : JSON.stringify(schema), references: [] });

/** Differences as a multiset, sorted, so a failure shows both lists whole. */
const sorted = (list: string[]) => [...list].sort();

/** The same pair through checkCompatibility: BACKWARD registers the reader as the new schema, with no placeholder left in a message. */
function checkBackward(schemaType: SchemaType, c: RuleCase): void {
  const backward = checkCompatibility({ candidate: parsed(schemaType, c.reader), previous: [{ version: 1, parsed: parsed(schemaType, c.writer) }], level: 'BACKWARD', policy: 'STRICT' });
  assert.equal(backward.compatible, c.compatible, 'BACKWARD with the reader as the new schema');
  for (const d of backward.differences) assert.doesNotMatch(d.message, /\{reader\}|\{writer\}/);
}

const avroModel = (schema: unknown) => avroFormat.parse(JSON.stringify(schema), []).model;
const jsonNode = (schema: unknown) => loadJsonSchemaNode(jsonSchemaFormat.parse(JSON.stringify(schema), []).model);

export async function avroCases(): Promise<FormatCases> {
  return {
    name: 'Avro',
    schemaType: 'AVRO',
    catalog: avroRules as unknown as AnyRule[],
    ruleFiles: await ruleFiles('avro'),
    crossRule: await casesOf(join(COMPAT, 'avro/cross-rule.cases.ts')),
    check(c) {
      const found = compareAvro(avroModel(c.reader), avroModel(c.writer), { policy: 'STRICT' });
      assert.deepEqual(sorted(found.map((d) => `${d.ruleId} ${d.path}`)), sorted(c.changes));
      assert.equal(found.every((d) => d.compatible), c.compatible);
      checkBackward('AVRO', c);
      // Avro is symmetric in the level reduction: FORWARD registers the writer.
      const forward = checkCompatibility({ candidate: parsed('AVRO', c.writer), previous: [{ version: 1, parsed: parsed('AVRO', c.reader) }], level: 'FORWARD', policy: 'STRICT' });
      assert.equal(forward.compatible, c.compatible, 'FORWARD with the writer as the new schema');
    },
  };
}

export async function jsonSchemaCases(): Promise<FormatCases> {
  return {
    name: 'JSON Schema',
    schemaType: 'JSON',
    catalog: jsonSchemaRules as unknown as AnyRule[],
    ruleFiles: await ruleFiles('json-schema'),
    crossRule: await casesOf(join(COMPAT, 'json-schema/cross-rule.cases.ts')),
    check(c) {
      const original = jsonNode(c.writer);
      const update = jsonNode(c.reader);
      const strict = diffJsonSchemas(original, update, 'STRICT');
      assert.deepEqual(sorted(strict.map((d) => `${d.ruleId} ${d.path}`)), sorted(c.changes));
      assert.equal(strict.every((d) => isCompatibleJsonDifference(d.ruleId, 'STRICT')), c.compatible, 'STRICT verdict');
      const lenient = diffJsonSchemas(original, update, 'LENIENT');
      assert.equal(lenient.every((d) => isCompatibleJsonDifference(d.ruleId, 'LENIENT')), c.compatibleLenient ?? c.compatible, 'LENIENT verdict');
      checkBackward('JSON', c);
    },
  };
}

export async function protobufCases(): Promise<FormatCases> {
  return {
    name: 'Protobuf',
    schemaType: 'PROTOBUF',
    catalog: protobufRules as unknown as AnyRule[],
    ruleFiles: await ruleFiles('protobuf'),
    crossRule: await casesOf(join(COMPAT, 'protobuf/cross-rule.cases.ts')),
    check(c) {
      const diffs = diffProtobuf(protobufFormat.parse(c.writer as string, []).model, protobufFormat.parse(c.reader as string, []).model);
      assert.deepEqual(sorted(diffs.map((d) => `${d.ruleId} ${d.path}`)), sorted(c.changes));
      assert.equal(diffs.every((d) => protobufCatalog.isCompatible(d.ruleId, 'STRICT')), c.compatible, 'verdict');
      checkBackward('PROTOBUF', c);
    },
  };
}

export async function allFormatCases(): Promise<FormatCases[]> {
  return [await avroCases(), await jsonSchemaCases(), await protobufCases()];
}

/** Every case of a format, per rule file and cross-rule. */
export function everyCase(format: FormatCases): RuleCase[] {
  return [...format.ruleFiles.flatMap((f) => f.cases), ...format.crossRule];
}

/** The rule ids a case fires. */
export function firedIds(c: RuleCase): Set<string> {
  return new Set(c.changes.map((change) => change.split(' ')[0]));
}
