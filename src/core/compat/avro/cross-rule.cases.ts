import type { RuleCase } from '../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'custom properties do not change resolution',
    writer: 'string',
    reader: { type: 'string', 'avro.java.string': 'String' },
    changes: [],
    compatible: true,
  },
  {
    description: 'error type read as an error type',
    writer: { type: 'error', name: 'Failure', fields: [{ name: 'code', type: 'int' }] },
    reader: { type: 'error', name: 'Failure', fields: [{ name: 'code', type: 'int' }] },
    changes: [],
    compatible: true,
  },
  {
    description: 'recursive record unchanged',
    writer: {
      type: 'record',
      name: 'Node',
      fields: [{ name: 'v', type: 'int' }, { name: 'next', type: ['null', 'Node'], default: null }],
    },
    reader: {
      type: 'record',
      name: 'Node',
      fields: [{ name: 'v', type: 'int' }, { name: 'next', type: ['null', 'Node'], default: null }],
    },
    changes: [],
    compatible: true,
  },
];
