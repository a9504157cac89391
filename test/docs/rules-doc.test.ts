import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderRulesDoc } from '../../scripts/render-rules-doc.ts';

it('docs/rules.md lists exactly the rules in the catalogs (regenerate: node --import tsx scripts/render-rules-doc.ts > docs/rules.md)', () => {
  assert.equal(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8'), renderRulesDoc());
});
