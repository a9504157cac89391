import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'record renamed through an alias',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
    reader: { type: 'record', name: 'Purchase', fields: [{ name: 'id', type: 'string' }], aliases: ['Order'] },
    changes: [],
    compatible: true,
  },
  {
    description: 'record alias given with a full name',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }], namespace: 'legacy' },
    reader: {
      type: 'record',
      name: 'Purchase',
      fields: [{ name: 'id', type: 'string' }],
      namespace: 'shop',
      aliases: ['legacy.Order'],
    },
    changes: [],
    compatible: true,
  },
  {
    description: 'record namespace changed: the unqualified name still matches',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }], namespace: 'shop.v1' },
    reader: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }], namespace: 'shop.v2' },
    changes: [],
    compatible: true,
  },
  {
    description: 'enum renamed through an alias',
    writer: { type: 'enum', name: 'Color', symbols: ['RED'] },
    reader: { type: 'enum', name: 'Colour', symbols: ['RED'], aliases: ['Color'] },
    changes: [],
    compatible: true,
  },
  {
    description: 'record renamed',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] },
    reader: { type: 'record', name: 'Purchase', fields: [{ name: 'id', type: 'string' }] },
    changes: ['NAME_MISMATCH /name'],
    compatible: false,
  },
  {
    description: 'nested record renamed',
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
          type: { type: 'record', name: 'Inside', fields: [{ name: 'a', type: 'int' }] },
        },
      ],
    },
    changes: ['NAME_MISMATCH /fields/0/type/name'],
    compatible: false,
  },
  {
    description: 'enum renamed',
    writer: { type: 'enum', name: 'Color', symbols: ['RED'] },
    reader: { type: 'enum', name: 'Colour', symbols: ['RED'] },
    changes: ['NAME_MISMATCH /name'],
    compatible: false,
  },
  {
    description: 'fixed renamed',
    writer: { type: 'fixed', name: 'Md5', size: 16 },
    reader: { type: 'fixed', name: 'Digest', size: 16 },
    changes: ['NAME_MISMATCH /name'],
    compatible: false,
  },
];
