import type { AvroEnum, AvroFixed, AvroNamed, AvroRecord, AvroType } from '../../formats/avro/avro-model.ts';

/** One matched pair of Avro types: the reader's and the writer's (the walk knows the reader-side path). */
export interface AvroPair<R extends AvroType = AvroType, W extends AvroType = AvroType> {
  reader: R;
  writer: W;
}

export type RecordPair = AvroPair<AvroRecord, AvroRecord>;
export type EnumPair = AvroPair<AvroEnum, AvroEnum>;
export type FixedPair = AvroPair<AvroFixed, AvroFixed>;
export type NamedPair = AvroPair<AvroNamed, AvroNamed>;

/** A writer type no branch of the reader's union can read. */
export interface UnionBranchPair extends AvroPair {
  readable: boolean;
}

/** Avro's promotions: writer type → reader types that can read it. */
export const AVRO_PROMOTIONS: Record<string, readonly string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

export function avroTypeLabel(type: AvroType): string {
  return type.kind === 'primitive' ? type.type : type.kind;
}
