import { INCOMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const missingEnumSymbols = defineAvroRule({
  id: 'MISSING_ENUM_SYMBOLS',
  purpose: 'Every symbol the writer can write must exist in the reader enum, unless the reader enum has a default.',
  compatible: INCOMPATIBLE,
  on: 'enum',
  check({ reader, writer }, report) {
    if (reader.default !== undefined) return;
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (missing.length === 0) return;
    report('symbols', () => `[${missing.join(', ')}]: the {reader} enum '${reader.fullname}' lacks these symbols of the {writer} enum and has no default`);
  },
});
