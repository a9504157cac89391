import { isRole, ROLES, type Role } from '../core/governance/roles.ts';
import type { AuthSettings, AuthUser } from '../server/auth/authenticator.ts';
import { isPasswordHash, isTokenHash } from '../server/auth/secrets.ts';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from '../server/auth/sign-in-guard.ts';
import { duration, integer } from './config-values.ts';

/** A config value the server refuses; the message says what to fix. */
export type Refuse = (message: string) => Error;

/**
 * The `auth` section: `{enabled, users: [{name, passwordHash?, tokenHash?,
 * roles}]}`. Only hashes are accepted, so no secret sits in a config file in
 * clear; `schemagate hash-password` makes them.
 */
export function readAuthSettings(raw: unknown, refuse: Refuse): AuthSettings {
  if (raw === undefined || raw === null) return { enabled: false, users: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw refuse('auth must be a mapping: {enabled: true, users: [...]}');
  const section = raw as Record<string, unknown>;
  if (section.enabled !== undefined && typeof section.enabled !== 'boolean') throw refuse(`auth.enabled must be true or false, got ${JSON.stringify(section.enabled)}`);
  if (section.users !== undefined && section.enabled === undefined) {
    // Users without `enabled: true` would leave auth off while the file looks protected.
    throw refuse('auth.users is set but auth.enabled is not: write auth.enabled: true (or false, to keep auth off on purpose)');
  }
  const enabled = section.enabled === true;
  const list = section.users ?? [];
  if (!Array.isArray(list)) throw refuse('auth.users must be a list of {name, passwordHash, roles}');
  const users = list.map((entry, i) => readUser(entry, `auth.users[${i}]`, refuse));
  const names = new Set<string>();
  for (const user of users) {
    if (names.has(user.name)) throw refuse(`auth.users: '${user.name}' appears twice`);
    names.add(user.name);
  }
  const tokens = users.filter((u) => u.tokenHash).map((u) => u.tokenHash);
  if (new Set(tokens).size !== tokens.length) throw refuse('auth.users: two users share one tokenHash');
  if (enabled && users.length === 0) throw refuse('auth.enabled is true but auth.users is empty: nobody could sign in');
  return { enabled, users, signIn: readSignInLimits(section.signIn, refuse) };
}

function readSignInLimits(raw: unknown, refuse: Refuse): SignInLimits {
  if (raw === undefined || raw === null) return DEFAULT_SIGN_IN_LIMITS;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw refuse('auth.signIn must be a mapping: {maxFailuresPerUser, maxFailuresPerAddress, window, cacheFor}');
  const file = raw as Record<string, unknown>;
  const d = DEFAULT_SIGN_IN_LIMITS;
  try {
    return {
      maxFailuresPerUser: integer(file.maxFailuresPerUser, 'auth.signIn.maxFailuresPerUser', d.maxFailuresPerUser, { min: 1 }),
      maxFailuresPerAddress: integer(file.maxFailuresPerAddress, 'auth.signIn.maxFailuresPerAddress', d.maxFailuresPerAddress, { min: 1 }),
      windowMs: duration(file.window, 'auth.signIn.window', d.windowMs, { minMs: 1000, maxMs: 24 * 3_600_000 }),
      cacheForMs: duration(file.cacheFor, 'auth.signIn.cacheFor', d.cacheForMs, { minMs: 0, maxMs: 3_600_000 }),
    };
  } catch (err) {
    throw refuse((err as Error).message);
  }
}

function readUser(raw: unknown, where: string, refuse: Refuse): AuthUser {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw refuse(`${where} must be a mapping {name, passwordHash, roles}`);
  const user = raw as Record<string, unknown>;
  if (user.password !== undefined || user.token !== undefined) {
    throw refuse(`${where}: secrets are never stored in clear; put the output of \`schemagate hash-password\` in passwordHash (or of \`schemagate hash-password --token\` in tokenHash)`);
  }
  if (typeof user.name !== 'string' || user.name === '' || user.name.includes(':')) throw refuse(`${where}.name must be a non-empty string without ':'`);
  const roles = user.roles;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw refuse(`${where}.roles must be a non-empty list among ${ROLES.join(', ')}, got ${JSON.stringify(roles)}`);
  }
  const out: AuthUser = { name: user.name, roles: [...new Set(roles as Role[])] };
  if (user.passwordHash !== undefined) {
    if (typeof user.passwordHash !== 'string' || !isPasswordHash(user.passwordHash)) throw refuse(`${where}.passwordHash is not a hash from \`schemagate hash-password\``);
    out.passwordHash = user.passwordHash;
  }
  if (user.tokenHash !== undefined) {
    if (typeof user.tokenHash !== 'string' || !isTokenHash(user.tokenHash)) throw refuse(`${where}.tokenHash is not a hash from \`schemagate hash-password --token\``);
    out.tokenHash = user.tokenHash;
  }
  if (!out.passwordHash && !out.tokenHash) throw refuse(`${where} needs a passwordHash or a tokenHash`);
  return out;
}

/** Auth off means no identity on the wire: only this machine may connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
