// Renders docs/rules.md from the rule catalogs, so the documentation cannot
// drift from the code (test/docs/rules-doc.test.ts compares them).
//   node --import tsx scripts/render-rules-doc.ts > docs/rules.md
import { allAvroRules } from '../src/core/compat/avro/avro-rules.ts';
import { jsonSchemaRules } from '../src/core/compat/json-schema/json-schema-rules.ts';
import { protobufRules } from '../src/core/compat/protobuf/protobuf-rules.ts';

type Row = { id: string; purpose: string; strict: boolean; lenient: boolean };

function table(rows: Row[]): string {
  const verdict = (ok: boolean) => (ok ? 'compatible' : '**breaking**');
  const lines = ['| Rule | STRICT | LENIENT | Purpose |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| \`${r.id}\` | ${verdict(r.strict)} | ${verdict(r.lenient)} | ${r.purpose} |`);
  return lines.join('\n');
}

export function renderRulesDoc(): string {
  const avro: Row[] = allAvroRules.map((r) => {
    const c = typeof r.compatible === 'boolean' ? { STRICT: r.compatible, LENIENT: r.compatible } : r.compatible;
    return { id: r.id, purpose: r.purpose, strict: c.STRICT, lenient: c.LENIENT };
  });
  const element = (rules: ReadonlyArray<{ id: string; purpose: string; compatible: { STRICT: boolean; LENIENT: boolean } }>) =>
    rules.map((r) => ({ id: r.id, purpose: r.purpose, strict: r.compatible.STRICT, lenient: r.compatible.LENIENT }));
  return [
    '# Compatibility rules',
    '',
    'Generated from the rule catalogs by `scripts/render-rules-doc.ts`; a test keeps this file identical to the code.',
    'Each rule reports one kind of difference between a reader schema and a writer schema, with a path and a message.',
    'A registration is compatible when no difference found is breaking under the policy in force',
    '(`compatibilityPolicy`, STRICT by default; only JSON Schema rules differ under LENIENT).',
    'Where Confluent reports the same difference from two places, the id appears twice.',
    '',
    '## Avro (schema resolution, reader = new schema for BACKWARD)',
    '',
    table(avro),
    '',
    "## JSON Schema (Confluent's catalog)",
    '',
    table(element(jsonSchemaRules)),
    '',
    "## Protobuf (Confluent's catalog)",
    '',
    table(element(protobufRules)),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderRulesDoc());
