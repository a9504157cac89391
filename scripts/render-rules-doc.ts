// Renders docs/rules.md from the rule catalogs, so the documentation cannot
// drift from the code (test/docs/rules-doc.test.ts compares them).
//   node --import tsx scripts/render-rules-doc.ts > docs/rules.md
import { avroRules } from '../src/core/compat/avro/avro-rules.ts';
import { jsonSchemaRules } from '../src/core/compat/json-schema/json-schema-rules.ts';
import { protobufRules } from '../src/core/compat/protobuf/protobuf-rules.ts';

import type { Rule } from '../src/core/compat/rule.ts';

/** Every format's rules have one shape, so one table renders them all. */
function table(rules: ReadonlyArray<Pick<Rule<unknown, never>, 'id' | 'purpose' | 'compatible'>>): string {
  const verdict = (ok: boolean) => (ok ? 'compatible' : '**breaking**');
  const lines = ['| Rule | STRICT | LENIENT | Purpose |', '| --- | --- | --- | --- |'];
  for (const r of rules) lines.push(`| \`${r.id}\` | ${verdict(r.compatible.STRICT)} | ${verdict(r.compatible.LENIENT)} | ${r.purpose} |`);
  return lines.join('\n');
}

export function renderRulesDoc(): string {
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
    table(avroRules),
    '',
    "## JSON Schema (Confluent's catalog)",
    '',
    table(jsonSchemaRules),
    '',
    "## Protobuf (Confluent's catalog)",
    '',
    table(protobufRules),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderRulesDoc());
