/**
 * The Avro rule catalog. The walker in compare-avro.ts pairs the elements;
 * these decide what a pair means, each asked about the kind it names.
 */
import { RuleCatalog, type Rule } from '../rule.ts';
import type { AvroElements, AvroRule } from './avro-rule.ts';
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

/** In the order their differences are reported for one pair. */
export const avroRules: readonly AvroRule[] = [
  nameMismatch,
  readerFieldMissingDefaultValue,
  readerFieldDefaultUsed,
  writerFieldIgnored,
  fieldMatchedByAlias,
  missingEnumSymbols,
  enumDefaultUsed,
  enumSymbolAdded,
  fixedSizeMismatch,
  typeMismatch,
  typePromoted,
  missingUnionBranch,
] as AvroRule[];

export const avroCatalog = new RuleCatalog<AvroElements>(avroRules as Rule<AvroElements>[]);
