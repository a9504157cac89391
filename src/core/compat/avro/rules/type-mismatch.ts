import { defineRule } from '../../difference.ts';
import { AVRO_PROMOTIONS, avroTypeLabel, type AvroPair } from '../avro-pair.ts';

export const typeMismatch = defineRule<AvroPair>({
  id: 'TYPE_MISMATCH',
  purpose: 'A reader type must be the writer type, or one Avro promotes it to (int→long→float→double, string↔bytes).',
  compatible: false,
  check({ reader, writer, path }, report) {
    const r = avroTypeLabel(reader);
    const w = avroTypeLabel(writer);
    if (AVRO_PROMOTIONS[w]?.includes(r)) return;
    report(path, `reader type: ${r} not compatible with writer type: ${w}; the {reader} schema has ${r} where the {writer} schema has ${w}`);
  },
});
