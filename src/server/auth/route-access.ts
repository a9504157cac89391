import type { Role } from '../../core/governance/roles.ts';
import { queryFlag, type Query } from '../query.ts';

/** Who may call a route: anyone (health), any authenticated user (reads), or holders of one of the roles (admin always may). */
export type Access = { open: true } | { roles: 'any-user' | readonly Role[]; what: string };

type Rule = Access | ((query: Query) => Access);

const OPEN: Access = { open: true };
const READ: Access = { roles: 'any-user', what: 'read the registry' };
const ADMIN = (what: string): Access => ({ roles: ['admin'], what });
const deletion = (what: string): Rule => (query) =>
  queryFlag(query, 'permanent') ? ADMIN(`permanently delete ${what}`) : { roles: ['writer'], what: `delete ${what}` };

const CR = '/governance/change-requests/:id';

/**
 * The one table of route permissions. GET and HEAD default to READ; every
 * other route must be listed, and a route without a rule stops the server
 * at start-up (see registerAuth), so a new endpoint cannot ship unguarded.
 * Lookups and compatibility checks are POSTs that change nothing: READ.
 */
const RULES: Record<string, Rule> = {
  'GET /healthz': OPEN,
  // The console's page, its assets and its sign-in are open: they hold no registry data, and signing in is how a browser gets credentials.
  'GET /': OPEN,
  'GET /ui': OPEN,
  'GET /ui/*': OPEN,
  'GET /ui/api/session': OPEN,
  'POST /ui/api/session': OPEN,
  'DELETE /ui/api/session': OPEN,
  'POST /subjects/:subject/versions': { roles: ['writer'], what: 'register schemas' },
  'POST /subjects/:subject': READ,
  'DELETE /subjects/:subject': deletion('subjects'),
  'DELETE /subjects/:subject/versions/:version': deletion('schema versions'),
  'POST /compatibility/subjects/:subject/versions': READ,
  'POST /compatibility/subjects/:subject/versions/:version': READ,
  'PUT /config': ADMIN('change the compatibility config'),
  'DELETE /config': ADMIN('change the compatibility config'),
  'PUT /config/:subject': ADMIN('change the compatibility config'),
  'DELETE /config/:subject': ADMIN('change the compatibility config'),
  'PUT /mode': ADMIN('change the registry mode'),
  'DELETE /mode': ADMIN('change the registry mode'),
  'PUT /mode/:subject': ADMIN('change the registry mode'),
  'DELETE /mode/:subject': ADMIN('change the registry mode'),
  '* /associations': READ,
  '* /associations/*': READ,
  'PUT /governance/config': ADMIN('change the governance config'),
  'PUT /governance/subjects/:subject/mode': ADMIN("change a subject's validation mode"),
  'POST /governance/dry-run': READ,
  'POST /governance/change-requests': { roles: ['author'], what: 'create change requests' },
  [`PUT ${CR}/schemas`]: { roles: ['author'], what: 'edit change requests' },
  [`POST ${CR}/dry-run`]: { roles: ['author', 'data-platform', 'strategy-owner'], what: 'dry-run change requests' },
  [`POST ${CR}/approvals`]: { roles: ['data-platform', 'strategy-owner'], what: 'approve change requests' },
  [`POST ${CR}/apply`]: { roles: ['author', 'data-platform'], what: 'apply change requests' },
  [`POST ${CR}/promote`]: { roles: ['data-platform'], what: 'promote change requests' },
  [`POST ${CR}/fail`]: { roles: ['data-platform'], what: 'mark canaries failed' },
  [`POST ${CR}/reject`]: { roles: ['data-platform', 'strategy-owner'], what: 'reject change requests' },
  [`POST ${CR}/withdraw`]: { roles: ['author'], what: 'withdraw change requests' },
  'POST /governance/audit-log': ADMIN('record audit entries by hand'),
  'GET /governance/notifications': READ,
  'GET /governance/notifications/deliveries': ADMIN('read webhook deliveries'),
};

/** The rule for a route, or undefined when a non-read route has none (a bug caught at start-up). */
export function ruleFor(method: string, url: string): Rule | undefined {
  const rule = RULES[`${method} ${url}`] ?? RULES[`* ${url}`];
  if (rule) return rule;
  return method === 'GET' || method === 'HEAD' ? READ : undefined;
}

/** A route that only reads (every GET, and the POSTs listed as READ): it changes nothing in the registry. */
export function isReadRoute(method: string, url: string): boolean {
  return ruleFor(method, url) === READ;
}

export function accessFor(method: string, url: string, query: Query): Access {
  const rule = ruleFor(method, url) ?? ADMIN(`call ${method} ${url}`);
  return typeof rule === 'function' ? rule(query) : rule;
}

export function allows(access: Access, roles: readonly string[]): boolean {
  if ('open' in access) return true;
  if (access.roles === 'any-user' || roles.includes('admin')) return true;
  return access.roles.some((role) => roles.includes(role));
}
