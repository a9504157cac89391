import * as machine from '../../src/core/governance/change-request.ts';
import type { ChangeRequest, DryRunEvidence } from '../../src/core/governance/change-request-types.ts';
import type { Actor } from '../../src/core/governance/roles.ts';

/** The change request machine's test world: a clock in hours from T0, one user per role, the default policy and a one-subject bundle. */
export const HOUR = 3_600_000;
export const T0 = new Date('2026-05-01T00:00:00.000Z');
export const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
export const user = (name: string, ...roles: string[]): Actor => ({ name, roles, authenticated: true });
export const alice = user('alice', 'author');
export const bob = user('bob', 'data-platform');
export const carol = user('carol', 'strategy-owner');
export const root = user('root', 'admin');
export const policy: machine.GovernancePolicy = { requiredApprovals: ['data-platform', 'strategy-owner'], minCanaryWindowMs: 48 * HOUR };

export const proposal: machine.BundleProposal = {
  schemas: [{ subject: 'orders', schemaType: 'JSON', schema: '{}', references: [] }],
  sampleCounts: {},
  majorChanges: [],
  bundleSha: 'f'.repeat(64),
};

/** Dry-run evidence that passes, or fails on a sample record. */
export function evidence(ok: boolean, when = T0): DryRunEvidence {
  return { at: when.toISOString(), bundleSha: proposal.bundleSha, ok, blockers: ok ? [] : ['orders: 1 of 1 sample records do not validate'], subjects: [], user: 'alice', authenticated: true };
}

/** CR 7 as alice opens it at T0. */
export function draft(fields: { title?: string; reference?: string } = {}): ChangeRequest {
  return { ...machine.newChangeRequest({ title: fields.title ?? 't', description: '', reference: fields.reference ?? 'r', ...proposal }, alice, T0), id: 7 };
}
