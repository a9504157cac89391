/**
 * The Avro rule catalog, grouped by the kind of pair each rule inspects. The
 * walker in compare-avro.ts pairs the elements; these decide what a pair means.
 */
import type { Rule } from '../difference.ts';
import type { AvroPair, EnumPair, FixedPair, NamedPair, RecordPair, UnionBranchPair } from './avro-pair.ts';
import { enumDefaultUsed } from './rules/enum-default-used.ts';
import { enumSymbolAdded } from './rules/enum-symbol-added.ts';
import { fieldMatchedByAlias } from './rules/field-matched-by-alias.ts';
import { fixedSizeMismatch } from './rules/fixed-size-mismatch.ts';
import { missingEnumSymbols } from './rules/missing-enum-symbols.ts';
import { missingUnionBranch } from './rules/missing-union-branch.ts';
import { nameMismatch } from './rules/name-mismatch.ts';
import { readerFieldDefaultUsed } from './rules/reader-field-default-used.ts';
import { readerFieldMissingDefaultValue } from './rules/reader-field-missing-default-value.ts';
import { typeMismatch } from './rules/type-mismatch.ts';
import { typePromoted } from './rules/type-promoted.ts';
import { writerFieldIgnored } from './rules/writer-field-ignored.ts';

export const avroRules = {
  named: [nameMismatch] as Rule<NamedPair>[],
  record: [readerFieldMissingDefaultValue, readerFieldDefaultUsed, writerFieldIgnored, fieldMatchedByAlias] as Rule<RecordPair>[],
  enum: [missingEnumSymbols, enumDefaultUsed, enumSymbolAdded] as Rule<EnumPair>[],
  fixed: [fixedSizeMismatch] as Rule<FixedPair>[],
  /** Pairs of different kinds (neither a union). */
  mismatch: [typeMismatch, typePromoted] as Rule<AvroPair>[],
  unionBranch: [missingUnionBranch] as Rule<UnionBranchPair>[],
};

export const allAvroRules: Rule<never>[] = Object.values(avroRules).flat() as Rule<never>[];
