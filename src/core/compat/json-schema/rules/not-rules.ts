import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages } from '../json-schema-rule.ts';

/**
 * `not` turns the comparison around: the new `not` schema accepts everything
 * old data satisfied only if the old negated schema accepts everything the
 * new negated schema does.
 */
export const notRules = [
  defineJsonRule({
    id: 'NOT_TYPE_NARROWED',
    purpose: 'The negated schema accepts less: the not schema accepts more.',
    compatible: COMPATIBLE,
    on: 'not',
    at: 'not',
    when: ({ reversedCompatible }) => reversedCompatible,
    message: jsonMessages.noted('not narrowed'),
  }),
  defineJsonRule({
    id: 'NOT_TYPE_EXTENDED',
    purpose: 'The negated schema accepts more: the not schema refuses old values.',
    compatible: INCOMPATIBLE,
    on: 'not',
    at: 'not',
    when: ({ reversedCompatible }) => !reversedCompatible,
    message: jsonMessages.typeExtended,
  }),
];
