import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'enum symbol added',
    writer: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] },
    reader: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN', 'BLUE'] },
    changes: ['ENUM_SYMBOL_ADDED /symbols'],
    compatible: true,
  },
  {
    description: 'enum unchanged',
    writer: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] },
    reader: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] },
    changes: [],
    compatible: true,
  },
];
