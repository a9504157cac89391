import { defineRule } from '../../difference.ts';
import type { EnumPair } from '../avro-pair.ts';

export const enumDefaultUsed = defineRule<EnumPair>({
  id: 'ENUM_DEFAULT_USED',
  purpose: 'Writer symbols missing from a reader enum that has a default are read as that default.',
  compatible: true,
  check({ reader, writer, path }, report) {
    if (reader.default === undefined) return;
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (missing.length === 0) return;
    report(`${path}/symbols`, `[${missing.join(', ')}] of the {writer} enum '${writer.fullname}' are read as its default '${reader.default}'`);
  },
});
