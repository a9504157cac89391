import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'fixed unchanged',
    writer: { type: 'fixed', name: 'Md5', size: 16 },
    reader: { type: 'fixed', name: 'Md5', size: 16 },
    changes: [],
    compatible: true,
  },
  {
    description: 'fixed size changed',
    writer: { type: 'fixed', name: 'Md5', size: 32 },
    reader: { type: 'fixed', name: 'Md5', size: 16 },
    changes: ['FIXED_SIZE_MISMATCH /size'],
    compatible: false,
  },
];
