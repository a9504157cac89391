import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages } from '../json-schema-rule.ts';
import { decimalDivides, decimalEquals, decimalIsZero } from './decimal.ts';
import { limitRules } from './limit-rules.ts';

type MultipleOfPair = { original: { multipleOf?: string }; update: { multipleOf?: string } };

/** Both multipleOf values present and numerically different (0.5 and 0.50 are the same). */
function changed({ original, update }: MultipleOfPair): boolean {
  return original.multipleOf !== undefined && update.multipleOf !== undefined && !decimalEquals(original.multipleOf, update.multipleOf);
}

export const numberRules = [
  ...limitRules({ on: 'number', keyword: 'maximum', prefix: 'MAXIMUM', value: (e, side) => e[side].maximum, tighter: 'decreased' }),
  ...limitRules({ on: 'number', keyword: 'minimum', prefix: 'MINIMUM', value: (e, side) => e[side].minimum, tighter: 'increased' }),
  ...limitRules({ on: 'number', keyword: 'exclusiveMaximum', prefix: 'EXCLUSIVE_MAXIMUM', value: (e, side) => e[side].exclusiveMaximum, tighter: 'decreased' }),
  ...limitRules({ on: 'number', keyword: 'exclusiveMinimum', prefix: 'EXCLUSIVE_MINIMUM', value: (e, side) => e[side].exclusiveMinimum, tighter: 'increased' }),
  defineJsonRule({
    id: 'MULTIPLE_OF_ADDED',
    purpose: 'A new multipleOf refuses numbers the old schema accepted.',
    compatible: INCOMPATIBLE,
    on: 'number',
    at: 'multipleOf',
    when: ({ original, update }) => original.multipleOf === undefined && update.multipleOf !== undefined,
    message: jsonMessages.keywordAddedOrRemoved,
  }),
  defineJsonRule({
    id: 'MULTIPLE_OF_REMOVED',
    purpose: 'Removing multipleOf accepts every number the old schema accepted.',
    compatible: COMPATIBLE,
    on: 'number',
    at: 'multipleOf',
    when: ({ original, update }) => original.multipleOf !== undefined && update.multipleOf === undefined,
    message: jsonMessages.noted('multipleOf removed'),
  }),
  defineJsonRule({
    id: 'MULTIPLE_OF_EXPANDED',
    purpose: 'A multipleOf that is a multiple of the old one refuses some old values (2 → 4 refuses 6).',
    compatible: INCOMPATIBLE,
    on: 'number',
    at: 'multipleOf',
    when: (pair) => changed(pair) && !decimalIsZero(pair.original.multipleOf!) && decimalDivides(pair.original.multipleOf!, pair.update.multipleOf!),
    message: jsonMessages.valueIncreased,
  }),
  defineJsonRule({
    id: 'MULTIPLE_OF_REDUCED',
    purpose: 'A multipleOf that divides the old one accepts every old value (4 → 2).',
    compatible: COMPATIBLE,
    on: 'number',
    at: 'multipleOf',
    when: (pair) =>
      changed(pair) &&
      !(!decimalIsZero(pair.original.multipleOf!) && decimalDivides(pair.original.multipleOf!, pair.update.multipleOf!)) &&
      decimalDivides(pair.update.multipleOf!, pair.original.multipleOf!),
    message: jsonMessages.noted('multipleOf reduced'),
  }),
  defineJsonRule({
    id: 'MULTIPLE_OF_CHANGED',
    purpose: 'An unrelated multipleOf (3 → 5) refuses old values.',
    compatible: INCOMPATIBLE,
    on: 'number',
    at: 'multipleOf',
    when: (pair) => changed(pair) && !decimalDivides(pair.original.multipleOf!, pair.update.multipleOf!) && !decimalDivides(pair.update.multipleOf!, pair.original.multipleOf!),
    message: jsonMessages.valueChanged,
  }),
  defineJsonRule({
    id: 'TYPE_EXTENDED',
    purpose: 'integer → number accepts every old value.',
    compatible: COMPATIBLE,
    on: 'number',
    when: ({ original, update }) => original.requiresInteger && !update.requiresInteger,
    message: jsonMessages.noted('integer extended to number'),
  }),
  defineJsonRule({
    id: 'TYPE_NARROWED',
    purpose: 'number → integer refuses fractional values the old schema accepted.',
    compatible: INCOMPATIBLE,
    on: 'number',
    when: ({ original, update }) => !original.requiresInteger && update.requiresInteger,
    message: jsonMessages.typeChanged,
  }),
];
