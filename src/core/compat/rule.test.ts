import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPATIBLE, INCOMPATIBLE, LENIENT_ONLY, predicateRule, RuleCatalog, type Rule, type Verdicts } from './rule.ts';

type Elements = { pair: { a: number; b: number } };
const rule = (id: string, compatible: Verdicts): Rule<Elements> =>
  predicateRule<Elements, 'pair'>({ id, purpose: 'test', compatible, on: 'pair', at: 'b', when: ({ a, b }) => a !== b, message: (path) => `changed at ${path}` });

describe('RuleCatalog', () => {
  it('finds rules by element kind and by id', () => {
    const catalog = new RuleCatalog<Elements>([rule('X_CHANGED', INCOMPATIBLE)]);
    assert.equal(catalog.for('pair').length, 1);
    assert.equal(catalog.isCompatible('X_CHANGED', 'STRICT'), false);
    assert.throws(() => catalog.get('NOPE'), /no rule NOPE/);
  });

  it('refuses one id defined twice with different compatibility', () => {
    assert.throws(() => new RuleCatalog<Elements>([rule('X', COMPATIBLE), rule('X', INCOMPATIBLE)]), /defined twice/);
    assert.doesNotThrow(() => new RuleCatalog<Elements>([rule('X', COMPATIBLE), rule('X', COMPATIBLE)]));
  });

  it('reports a finding at the path the format makes of `at`, worded and judged from it', () => {
    const catalog = new RuleCatalog<Elements>([rule('X_CHANGED', LENIENT_ONLY)]);
    const found = catalog.findings('pair', { a: 1, b: 2 }, (at) => `#/p/${at}`);
    assert.deepEqual(found.map((f) => [f.ruleId, f.path]), [['X_CHANGED', '#/p/b']]);
    assert.deepEqual(catalog.difference(found[0], 'STRICT'), { ruleId: 'X_CHANGED', path: '#/p/b', message: 'changed at #/p/b', compatible: false });
    assert.equal(catalog.difference(found[0], 'LENIENT').compatible, true);
    assert.deepEqual(catalog.findings('pair', { a: 1, b: 1 }, String), []);
  });
});
