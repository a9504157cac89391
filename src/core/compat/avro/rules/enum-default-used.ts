import { COMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const enumDefaultUsed = defineAvroRule({
  id: 'ENUM_DEFAULT_USED',
  purpose: 'Writer symbols missing from a reader enum that has a default are read as that default.',
  compatible: COMPATIBLE,
  on: 'enum',
  check({ reader, writer }, report) {
    if (reader.default === undefined) return;
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (missing.length === 0) return;
    report('symbols', () => `[${missing.join(', ')}] of the {writer} enum '${writer.fullname}' are read as its default '${reader.default}'`);
  },
});
