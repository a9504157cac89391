import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'value read through an optional union',
    writer: 'string',
    reader: ['null', 'string'],
    changes: [],
    compatible: true,
  },
  {
    description: 'the first readable reader branch wins',
    writer: 'int',
    reader: ['int', 'long'],
    changes: [],
    compatible: true,
  },
  {
    description: 'union read by a wider union',
    writer: ['null', 'string'],
    reader: ['null', 'string', 'int'],
    changes: [],
    compatible: true,
  },
  {
    description: 'union of records: a branch reads the writer record through an alias',
    writer: { type: 'record', name: 'Voucher', fields: [{ name: 'code', type: 'string' }] },
    reader: [
      {
        type: 'record',
        name: 'Card',
        fields: [{ name: 'n', type: 'string' }],
      },
      {
        type: 'record',
        name: 'Coupon',
        fields: [{ name: 'code', type: 'string' }],
        aliases: ['Voucher'],
      },
    ],
    changes: [],
    compatible: true,
  },
  {
    description: 'required field made optional',
    writer: { type: 'record', name: 'User', fields: [{ name: 'email', type: 'string' }] },
    reader: {
      type: 'record',
      name: 'User',
      fields: [{ name: 'email', type: ['null', 'string'], default: null }],
    },
    changes: [],
    compatible: true,
  },
  {
    description: 'union read by a narrower union',
    writer: ['null', 'string', 'int'],
    reader: ['null', 'string'],
    changes: ['MISSING_UNION_BRANCH /'],
    compatible: false,
  },
  {
    description: 'no reader branch for the writer type',
    writer: 'int',
    reader: ['null', 'string'],
    changes: ['MISSING_UNION_BRANCH /'],
    compatible: false,
  },
  {
    description: 'union of records: no branch reads the writer record',
    writer: { type: 'record', name: 'Voucher', fields: [{ name: 'code', type: 'string' }] },
    reader: [
      {
        type: 'record',
        name: 'Card',
        fields: [{ name: 'n', type: 'string' }],
      },
      {
        type: 'record',
        name: 'Cash',
        fields: [{ name: 'amount', type: 'double' }],
      },
    ],
    changes: ['MISSING_UNION_BRANCH /'],
    compatible: false,
  },
  {
    description: 'union of records read as a union: one writer record has no reader',
    writer: [
      {
        type: 'record',
        name: 'Card',
        fields: [{ name: 'n', type: 'string' }],
      },
      {
        type: 'record',
        name: 'Cash',
        fields: [{ name: 'amount', type: 'double' }],
      },
    ],
    reader: [{ type: 'record', name: 'Card', fields: [{ name: 'n', type: 'string' }] }],
    changes: ['MISSING_UNION_BRANCH /'],
    compatible: false,
  },
];
