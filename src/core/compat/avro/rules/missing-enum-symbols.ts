import { defineRule } from '../../difference.ts';
import type { EnumPair } from '../avro-pair.ts';

export const missingEnumSymbols = defineRule<EnumPair>({
  id: 'MISSING_ENUM_SYMBOLS',
  purpose: 'Every symbol the writer can write must exist in the reader enum, unless the reader enum has a default.',
  compatible: false,
  check({ reader, writer, path }, report) {
    if (reader.default !== undefined) return;
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (missing.length === 0) return;
    report(`${path}/symbols`, `[${missing.join(', ')}]: the {reader} enum '${reader.fullname}' lacks these symbols of the {writer} enum and has no default`);
  },
});
