import { defineRule } from '../../difference.ts';
import { AVRO_PROMOTIONS, avroTypeLabel, type AvroPair } from '../avro-pair.ts';

export const typePromoted = defineRule<AvroPair>({
  id: 'TYPE_PROMOTED',
  purpose: 'A writer value is promoted to a wider reader type (int→long, float→double, string↔bytes, …).',
  compatible: true,
  check({ reader, writer, path }, report) {
    const r = avroTypeLabel(reader);
    const w = avroTypeLabel(writer);
    if (AVRO_PROMOTIONS[w]?.includes(r)) report(path, `{writer} ${w} values are promoted to {reader} ${r}`);
  },
});
