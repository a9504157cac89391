import { COMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const enumSymbolAdded = defineAvroRule({
  id: 'ENUM_SYMBOL_ADDED',
  purpose: 'A symbol only the reader knows is harmless to reading: the writer never writes it.',
  compatible: COMPATIBLE,
  on: 'enum',
  check({ reader, writer }, report) {
    const added = reader.symbols.filter((symbol) => !writer.symbols.includes(symbol));
    if (added.length === 0) return;
    report('symbols', () => `[${added.join(', ')}] added to enum '${reader.fullname}' in the {reader} schema`);
  },
});
