import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'A not that refuses less is narrowed',
    writer: { not: { type: 'string' } },
    reader: { not: { type: 'string', maxLength: 5 } },
    changes: ['NOT_TYPE_NARROWED #/not'],
    compatible: true,
  },
  {
    description: 'A not that refuses more is extended',
    writer: { not: { type: 'string', maxLength: 5 } },
    reader: { not: { type: 'string' } },
    changes: ['NOT_TYPE_EXTENDED #/not'],
    compatible: false,
  },
];
