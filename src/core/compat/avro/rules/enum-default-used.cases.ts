import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'enum symbol removed with a reader default',
    writer: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] },
    reader: { type: 'enum', name: 'Color', symbols: ['RED', 'UNKNOWN'], default: 'UNKNOWN' },
    changes: ['ENUM_DEFAULT_USED /symbols', 'ENUM_SYMBOL_ADDED /symbols'],
    compatible: true,
  },
  {
    description: 'a reader enum default is unused when it has every writer symbol',
    writer: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] },
    reader: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'], default: 'RED' },
    changes: [],
    compatible: true,
  },
];
