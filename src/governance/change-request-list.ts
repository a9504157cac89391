import { errors } from '../core/errors.ts';
import * as machine from '../core/governance/change-request.ts';
import { isChangeRequestState, type ChangeRequest } from '../core/governance/change-request-types.ts';
import type { Actor } from '../core/governance/roles.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { changeRequestView, governancePolicy, summary } from './change-request-reads.ts';

const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;

/** Who an approval is waited from: a user (by name and roles) or anyone holding a role. */
export type Awaiting = { name?: string; roles: readonly string[] };

/**
 * GET /governance/change-requests[?state=…][&awaiting=me|<role>]: newest
 * first, a page at a time, without their bundles. `awaiting` keeps those an
 * approval is waited for from (see awaitingFor).
 */
export async function listChangeRequests(ctx: RegistryContext, stateRaw: string | undefined, page: { offset: number; limit: number }, awaiting?: Awaiting) {
  if (stateRaw !== undefined && !isChangeRequestState(stateRaw)) {
    throw errors.badRequest(`Unknown state '${stateRaw}'; use draft, dry-run-passed, approved, canary, strict, rejected, withdrawn or canary-failed.`);
  }
  const policy = await governancePolicy(ctx);
  const limit = page.limit < 0 ? DEFAULT_LIST_LIMIT : Math.min(page.limit, MAX_LIST_LIMIT);
  let found: ChangeRequest[];
  if (awaiting) {
    // Only CRs in dry-run-passed await approvals: the open ones, few enough to filter before paging.
    const open = stateRaw === undefined || stateRaw === 'dry-run-passed' ? await ctx.store.listChangeRequests({ state: 'dry-run-passed' }) : [];
    found = open.filter((cr) => machine.awaits(cr, awaiting, policy)).slice(page.offset, page.offset + limit);
  } else {
    found = await ctx.store.listChangeRequests({ ...(stateRaw && { state: stateRaw }), offset: page.offset, limit });
  }
  return Promise.all(found.map(async (cr) => summary(await changeRequestView(ctx, cr, policy))));
}

/** Who `?awaiting=` names: `me` (the caller, by name and roles) or one of the policy's approval roles. */
export async function awaitingFor(ctx: RegistryContext, raw: string, caller: () => Actor): Promise<Awaiting> {
  if (raw === 'me') {
    const actor = caller();
    return { name: actor.name, roles: actor.roles };
  }
  const { requiredApprovals } = await governancePolicy(ctx);
  if (!requiredApprovals.includes(raw)) throw errors.badRequest(`Unknown approval role '${raw}' for 'awaiting'; use me or ${requiredApprovals.join(', ')}.`);
  return { roles: [raw] };
}
