import { INCOMPATIBLE } from '../../rule.ts';
import { AVRO_PROMOTIONS, avroTypeLabel } from '../avro-pair.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const typeMismatch = defineAvroRule({
  id: 'TYPE_MISMATCH',
  purpose: 'A reader type must be the writer type, or one Avro promotes it to (int→long→float→double, string↔bytes).',
  compatible: INCOMPATIBLE,
  on: 'mismatch',
  check({ reader, writer }, report) {
    const r = avroTypeLabel(reader);
    const w = avroTypeLabel(writer);
    if (AVRO_PROMOTIONS[w]?.includes(r)) return;
    report(undefined, () => `reader type: ${r} not compatible with writer type: ${w}; the {reader} schema has ${r} where the {writer} schema has ${w}`);
  },
});
