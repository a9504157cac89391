/** The Protobuf rule catalog: Confluent's difference types (protobuf/diff/Difference.java). */
import { RuleCatalog, type Rule } from '../rule.ts';
import type { ProtobufElements, ProtobufRule } from './protobuf-rule.ts';
import { fieldRules } from './rules/field-rules.ts';
import { oneofRules } from './rules/oneof-rules.ts';
import { typeRules } from './rules/type-rules.ts';

export const protobufRules: readonly ProtobufRule[] = [...typeRules, ...oneofRules, ...fieldRules] as ProtobufRule[];

export const protobufCatalog = new RuleCatalog<ProtobufElements>(protobufRules as Rule<ProtobufElements>[]);
