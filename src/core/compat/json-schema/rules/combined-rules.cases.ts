import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect oneOf extended to anyOf',
    writer: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    reader: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    changes: ['COMBINED_TYPE_EXTENDED #/'],
    compatible: true,
  },
  {
    description: 'Detect anyOf changed to oneOf',
    writer: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    reader: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    changes: ['COMBINED_TYPE_CHANGED #/'],
    compatible: false,
  },
  {
    description: 'Detect extended anyOf',
    writer: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    reader: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    changes: ['SUM_TYPE_EXTENDED #/'],
    compatible: true,
  },
  {
    description: 'Detect narrowed anyOf',
    writer: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    reader: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    changes: ['SUM_TYPE_NARROWED #/'],
    compatible: false,
  },
  {
    description: 'Detect extended allOf',
    writer: { allOf: [{ type: 'string', minLength: 1 }, { type: 'string', maxLength: 10 }] },
    reader: {
      allOf: [
        {
          type: 'string',
          minLength: 1,
        },
        {
          type: 'string',
          maxLength: 10,
        },
        {
          type: 'string',
          pattern: '^a',
        },
      ],
    },
    changes: ['PRODUCT_TYPE_EXTENDED #/'],
    compatible: false,
  },
  {
    description: 'Detect narrowed allOf',
    writer: {
      allOf: [
        {
          type: 'string',
          minLength: 1,
        },
        {
          type: 'string',
          maxLength: 10,
        },
        {
          type: 'string',
          pattern: '^a',
        },
      ],
    },
    reader: { allOf: [{ type: 'string', minLength: 1 }, { type: 'string', maxLength: 10 }] },
    changes: ['PRODUCT_TYPE_NARROWED #/'],
    compatible: true,
  },
  {
    description: 'Detect anyOf branches without a compatible counterpart',
    writer: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    reader: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
    changes: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/'],
    compatible: false,
  },
  {
    description: 'Unchanged anyOf is no change',
    writer: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    reader: { anyOf: [{ type: 'number' }, { type: 'string' }] },
    changes: [],
    compatible: true,
  },
  {
    description: 'Detect a schema that became a branch of an anyOf',
    writer: { type: 'string' },
    reader: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    changes: ['SUM_TYPE_EXTENDED #/'],
    compatible: true,
  },
  {
    description: 'Detect an allOf reduced to one of its branches',
    writer: { allOf: [{ type: 'string' }, { type: 'string', maxLength: 5 }] },
    reader: { type: 'string' },
    changes: ['PRODUCT_TYPE_NARROWED #/'],
    compatible: true,
  },
  {
    description: 'A schema no anyOf branch reads is a type change',
    writer: { type: 'boolean' },
    reader: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    changes: ['TYPE_CHANGED #/'],
    compatible: false,
  },
];
