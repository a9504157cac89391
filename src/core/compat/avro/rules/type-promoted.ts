import { COMPATIBLE } from '../../rule.ts';
import { AVRO_PROMOTIONS, avroTypeLabel } from '../avro-pair.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const typePromoted = defineAvroRule({
  id: 'TYPE_PROMOTED',
  purpose: 'A writer value is promoted to a wider reader type (int→long, float→double, string↔bytes, …).',
  compatible: COMPATIBLE,
  on: 'mismatch',
  check({ reader, writer }, report) {
    const r = avroTypeLabel(reader);
    const w = avroTypeLabel(writer);
    if (AVRO_PROMOTIONS[w]?.includes(r)) report(undefined, () => `{writer} ${w} values are promoted to {reader} ${r}`);
  },
});
