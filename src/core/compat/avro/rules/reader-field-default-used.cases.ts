import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'record field added with a default',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
    reader: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'note', type: 'string', default: '' }],
    },
    changes: ['READER_FIELD_DEFAULT_USED /fields/1'],
    compatible: true,
  },
  {
    description: 'nested record gains a field with a default',
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
            fields: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int', default: 1 }],
          },
        },
      ],
    },
    changes: ['READER_FIELD_DEFAULT_USED /fields/0/type/fields/1'],
    compatible: true,
  },
  {
    description: 'recursive record gains a field with a default (reported once)',
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
          default: 0,
        },
      ],
    },
    changes: ['READER_FIELD_DEFAULT_USED /fields/2'],
    compatible: true,
  },
  {
    description: 'a named type used twice is compared once',
    writer: {
      type: 'record',
      name: 'Pair',
      fields: [
        {
          name: 'left',
          type: { type: 'record', name: 'Point', fields: [{ name: 'x', type: 'int' }] },
        },
        {
          name: 'right',
          type: 'Point',
        },
      ],
    },
    reader: {
      type: 'record',
      name: 'Pair',
      fields: [
        {
          name: 'left',
          type: {
            type: 'record',
            name: 'Point',
            fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int', default: 0 }],
          },
        },
        {
          name: 'right',
          type: 'Point',
        },
      ],
    },
    changes: ['READER_FIELD_DEFAULT_USED /fields/0/type/fields/1'],
    compatible: true,
  },
  {
    description: 'array of records gains a field with a default',
    writer: {
      type: 'array',
      items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] },
    },
    reader: {
      type: 'array',
      items: {
        type: 'record',
        name: 'Line',
        fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int', default: 1 }],
      },
    },
    changes: ['READER_FIELD_DEFAULT_USED /items/fields/1'],
    compatible: true,
  },
  {
    description: 'union of records: a branch gains a field with a default',
    writer: { type: 'record', name: 'Card', fields: [{ name: 'n', type: 'string' }] },
    reader: [
      {
        type: 'record',
        name: 'Card',
        fields: [{ name: 'n', type: 'string' }, { name: 'cvc', type: 'string', default: '' }],
      },
      {
        type: 'record',
        name: 'Cash',
        fields: [{ name: 'amount', type: 'double' }],
      },
    ],
    changes: ['READER_FIELD_DEFAULT_USED /0/fields/1'],
    compatible: true,
  },
  {
    description: 'optional field added with a null default',
    writer: { type: 'record', name: 'User', fields: [{ name: 'id', type: 'string' }] },
    reader: {
      type: 'record',
      name: 'User',
      fields: [{ name: 'id', type: 'string' }, { name: 'email', type: ['null', 'string'], default: null }],
    },
    changes: ['READER_FIELD_DEFAULT_USED /fields/1'],
    compatible: true,
  },
  {
    description: 'a field with a default that the writer has is read from the data',
    writer: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'note', type: 'string' }],
    },
    reader: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'note', type: 'string', default: '' }],
    },
    changes: [],
    compatible: true,
  },
];
