import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'record field renamed through an alias',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'amt', type: 'double' }] },
    reader: { type: 'record', name: 'Order', fields: [{ name: 'amount', type: 'double', aliases: ['amt'] }] },
    changes: ['FIELD_MATCHED_BY_ALIAS /fields/0'],
    compatible: true,
  },
  {
    description: 'record field renamed without an alias',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'amt', type: 'double' }] },
    reader: { type: 'record', name: 'Order', fields: [{ name: 'amount', type: 'double' }] },
    changes: ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/0', 'WRITER_FIELD_IGNORED /'],
    compatible: false,
  },
  {
    description: 'record field renamed without an alias, with a default',
    writer: { type: 'record', name: 'Order', fields: [{ name: 'amt', type: 'double' }] },
    reader: { type: 'record', name: 'Order', fields: [{ name: 'amount', type: 'double', default: 0 }] },
    changes: ['READER_FIELD_DEFAULT_USED /fields/0', 'WRITER_FIELD_IGNORED /'],
    compatible: true,
  },
];
