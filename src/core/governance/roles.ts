/** The roles of DESIGN.md "Identity and roles". */
export const ROLES = ['reader', 'writer', 'author', 'data-platform', 'strategy-owner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an approval can be required from (governance.requiredApprovals). */
export const APPROVER_ROLES: readonly string[] = ['data-platform', 'strategy-owner', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Who performs a governance action. With auth on, the authenticated user and
 * the roles the config gives them; with auth off, the `user` a request names,
 * recorded as unauthenticated and trusted with every role it claims.
 */
export interface Actor {
  name: string;
  roles: readonly string[];
  authenticated: boolean;
}

/** An actor as records keep it. */
export interface RecordedActor {
  user: string;
  authenticated: boolean;
}

export function recorded(actor: Actor): RecordedActor {
  return { user: actor.name, authenticated: actor.authenticated };
}

/**
 * Whoever calls a Confluent route with auth off (the server listens on
 * loopback only): trusted with every role, recorded as unauthenticated.
 */
export const LOCAL_ACTOR: Actor = { name: 'local', roles: ROLES, authenticated: false };

export function holds(actor: Actor, role: string): boolean {
  return actor.roles.includes(role);
}

/** How a record names who did something: unauthenticated users are marked as such. */
export function actorLabel(actor: Actor): string {
  return actor.authenticated ? actor.name : `${actor.name} (unauthenticated)`;
}
