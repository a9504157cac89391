import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'record fields reordered',
    writer: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'int' }],
    },
    reader: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'b', type: 'int' }, { name: 'a', type: 'string' }],
    },
    changes: [],
    compatible: true,
  },
  {
    description: 'record field removed',
    writer: {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'id', type: 'string' }, { name: 'legacy', type: 'int' }],
    },
    reader: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
    changes: ['WRITER_FIELD_IGNORED /'],
    compatible: true,
  },
  {
    description: 'nested record loses a field',
    writer: {
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
    reader: {
      type: 'record',
      name: 'Outer',
      fields: [{ name: 'inner', type: { type: 'record', name: 'Inner', fields: [{ name: 'a', type: 'int' }] } }],
    },
    changes: ['WRITER_FIELD_IGNORED /fields/0/type'],
    compatible: true,
  },
];
