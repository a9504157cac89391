import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'record field added without a default',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
    reader: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }],
    },
    changes: ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/1'],
    compatible: false,
  },
  {
    description: 'nested record gains a field without a default',
    writer: {
      type: 'record',
      name: 'Outer',
      fields: [{ name: 'inner', type: { type: 'record', name: 'Inner', fields: [{ name: 'a', type: 'int' }] } }],
    },
    reader: {
      type: 'record',
      name: 'Outer',
      fields: [
        {
          name: 'inner',
          type: {
            type: 'record',
            name: 'Inner',
            fields: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }],
          },
        },
      ],
    },
    changes: ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/0/type/fields/1'],
    compatible: false,
  },
  {
    description: 'recursive record gains a field without a default',
    writer: {
      type: 'record',
      name: 'Node',
      fields: [{ name: 'v', type: 'int' }, { name: 'next', type: ['null', 'Node'], default: null }],
    },
    reader: {
      type: 'record',
      name: 'Node',
      fields: [
        {
          name: 'v',
          type: 'int',
        },
        {
          name: 'next',
          type: ['null', 'Node'],
          default: null,
        },
        {
          name: 'w',
          type: 'int',
        },
      ],
    },
    changes: ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/2'],
    compatible: false,
  },
  {
    description: 'record field added, with a default',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
    reader: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'note', type: 'string', default: '' }],
    },
    changes: ['READER_FIELD_DEFAULT_USED /fields/1'],
    compatible: true,
  },
];
