import { readdirSync, readFileSync } from 'node:fs';
import { parseSchema } from './src/core/parse-schema.ts';
import { checkCompatibility } from './src/core/compat/check-compatibility.ts';
const dir = '/work/shared/examples/qmtl/history';
for (const subject of readdirSync(dir).sort()) {
  const files = readdirSync(`${dir}/${subject}`).sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)));
  const parsed = files.map((f) => parseSchema({ schemaType: 'JSON', schema: readFileSync(`${dir}/${subject}/${f}`, 'utf8'), references: [] }));
  for (let i = 1; i < parsed.length; i++) {
    for (const policy of ['STRICT', 'LENIENT'] as const) {
      const r = checkCompatibility({ candidate: parsed[i], previous: [{ version: i, parsed: parsed[i - 1] }], level: 'BACKWARD', policy });
      console.log(`${subject} v${i - 1}→v${i} ${policy}: ${r.compatible ? 'compatible' : 'INCOMPATIBLE'}`);
      if (policy === 'STRICT') for (const d of r.differences) console.log(`    ${d.compatible ? ' ' : '!'} ${d.ruleId} ${d.path}`);
    }
  }
}
