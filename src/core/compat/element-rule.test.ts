import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPATIBLE, INCOMPATIBLE, RuleCatalog, type ElementRule } from './element-rule.ts';

type Elements = { pair: { a: number; b: number } };
const rule = (id: string, compatible: { STRICT: boolean; LENIENT: boolean }): ElementRule<Elements> => ({
  id,
  purpose: 'test',
  compatible,
  on: 'pair',
  when: ({ a, b }) => a !== b,
  message: (path) => `changed at ${path}`,
});

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
});
