import { defineRule } from '../../difference.ts';
import type { EnumPair } from '../avro-pair.ts';

export const enumSymbolAdded = defineRule<EnumPair>({
  id: 'ENUM_SYMBOL_ADDED',
  purpose: 'A symbol only the reader knows is harmless to reading: the writer never writes it.',
  compatible: true,
  check({ reader, writer, path }, report) {
    const added = reader.symbols.filter((symbol) => !writer.symbols.includes(symbol));
    if (added.length === 0) return;
    report(`${path}/symbols`, `[${added.join(', ')}] added to enum '${reader.fullname}' in the {reader} schema`);
  },
});
