import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'enum symbol removed without a default',
    writer: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] },
    reader: { type: 'enum', name: 'Color', symbols: ['RED'] },
    changes: ['MISSING_ENUM_SYMBOLS /symbols'],
    compatible: false,
  },
  {
    description: 'enum in a record field loses a symbol',
    writer: {
      type: 'record',
      name: 'Car',
      fields: [{ name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED', 'BLUE'] } }],
    },
    reader: {
      type: 'record',
      name: 'Car',
      fields: [{ name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED'] } }],
    },
    changes: ['MISSING_ENUM_SYMBOLS /fields/0/type/symbols'],
    compatible: false,
  },
  {
    description: 'enum symbol removed, but the reader enum has a default',
    writer: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN', 'BLUE'] },
    reader: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'], default: 'RED' },
    changes: ['ENUM_DEFAULT_USED /symbols'],
    compatible: true,
  },
];
