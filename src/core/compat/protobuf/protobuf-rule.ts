import { predicateRule, type Rule } from '../rule.ts';
import type { ProtoField } from './proto-elements.ts';

export type FieldKind = 'SCALAR' | 'MAP' | 'MESSAGE';
/** Scalars grouped by wire encoding: changing within a group keeps old bytes readable. */
export type ScalarKind = 'GENERAL_NUMBER' | 'SIGNED_NUMBER' | 'STRING_OR_BYTES' | 'FIXED32' | 'FIXED64' | 'FLOAT' | 'DOUBLE';

/** What the Protobuf walk pairs up; see Rule. Elements are original (old) → update (new). */
export interface ProtobufElements {
  package: { original: string; update: string };
  message: { presence: 'both' | 'original' | 'update'; isMap: boolean; moved: boolean };
  enum: { presence: 'original' | 'update' };
  enumConstant: { original?: string; update?: string };
  /** A oneof of the update whose members existing before came from several original groups. */
  oneofMembers: { originGroups: number; topLevelMovedIn: number };
  oneof: { inOriginal: boolean; inUpdate: boolean };
  removedField: { field: ProtoField; oneof?: string; oneofDeleted: boolean };
  addedField: { field: ProtoField; oneof?: string };
  keptField: { originalOneOf?: string; updateOneOf?: string };
  fieldName: { original: string; update: string };
  fieldKind: { original: FieldKind; update: FieldKind };
  scalar: { original: ScalarKind; update: ScalarKind; originalLabel?: string; updateLabel?: string };
  namedType: { changed: boolean };
}

export type ProtobufRule<K extends keyof ProtobufElements = keyof ProtobufElements> = Rule<ProtobufElements, K>;

/** Confluent's Protobuf differences are each found at one place: every rule here is a predicate rule. */
export function defineProtobufRule<K extends keyof ProtobufElements>(spec: Parameters<typeof predicateRule<ProtobufElements, K>>[0]): ProtobufRule<K> {
  return predicateRule(spec);
}
