import { APPROVER_ROLES } from './roles.ts';

/**
 * The floors no configuration goes below (docs/decisions/010-strict-means-strict.md).
 * A canary window shorter than an hour observes nothing a producer fleet
 * would do; the default is 48 h, and the observed window is written into
 * every audit entry either way.
 */
export const MIN_CANARY_WINDOW_FLOOR_MS = 60 * 60 * 1000;

/**
 * Why a list of required approval roles is refused, or undefined when it
 * holds: at least two roles, each once, each one a role an approver can
 * hold. Two distinct roles mean two distinct people, since one person never
 * approves twice and the author never approves.
 */
export function requiredApprovalsProblem(roles: unknown): string | undefined {
  if (!Array.isArray(roles)) return `must be a list of roles among ${APPROVER_ROLES.join(', ')}`;
  const unknown = roles.find((r) => typeof r !== 'string' || !APPROVER_ROLES.includes(r));
  if (unknown !== undefined) return `${JSON.stringify(unknown)} is not a role approvals can be required from (${APPROVER_ROLES.join(', ')})`;
  const seen = new Set<string>();
  for (const role of roles as string[]) {
    if (seen.has(role)) return `'${role}' is listed twice; each role approves once, so a duplicate would let one person approve alone`;
    seen.add(role);
  }
  if (roles.length < 2) return 'needs at least two roles: a change is approved by two people in distinct roles, neither the author';
  return undefined;
}
