import { defineJsonRule, INCOMPATIBLE, COMPATIBLE, jsonMessages } from '../json-schema-rule.ts';
import { limitRules } from './limit-rules.ts';

export const stringRules = [
  ...limitRules({ on: 'string', keyword: 'maxLength', prefix: 'MAX_LENGTH', value: (e, side) => e[side].maxLength, tighter: 'decreased' }),
  ...limitRules({ on: 'string', keyword: 'minLength', prefix: 'MIN_LENGTH', value: (e, side) => e[side].minLength, tighter: 'increased' }),
  defineJsonRule({
    id: 'PATTERN_ADDED',
    purpose: 'A new pattern refuses strings the old schema accepted.',
    compatible: INCOMPATIBLE,
    on: 'string',
    at: 'pattern',
    when: ({ original, update }) => original.pattern === undefined && update.pattern !== undefined,
    message: jsonMessages.keywordAddedOrRemoved,
  }),
  defineJsonRule({
    id: 'PATTERN_REMOVED',
    purpose: 'Removing a pattern accepts every string the old schema accepted.',
    compatible: COMPATIBLE,
    on: 'string',
    at: 'pattern',
    when: ({ original, update }) => original.pattern !== undefined && update.pattern === undefined,
    message: jsonMessages.noted('pattern removed'),
  }),
  defineJsonRule({
    id: 'PATTERN_CHANGED',
    purpose: 'A different pattern may refuse strings the old one accepted.',
    compatible: INCOMPATIBLE,
    on: 'string',
    at: 'pattern',
    when: ({ original, update }) => original.pattern !== undefined && update.pattern !== undefined && original.pattern !== update.pattern,
    message: jsonMessages.valueChanged,
  }),
];
