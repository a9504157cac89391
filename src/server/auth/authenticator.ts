import { createHash } from 'node:crypto';
import { errors } from '../../core/errors.ts';
import type { Actor, Role } from '../../governance/roles.ts';
import { LruCache } from '../../registry/lru-cache.ts';
import { hashToken, verifyPassword } from './secrets.ts';

export interface AuthUser {
  name: string;
  roles: Role[];
  /** From `schemagate hash-password`: for HTTP Basic. */
  passwordHash?: string;
  /** From `schemagate hash-password --token`: for bearer tokens. */
  tokenHash?: string;
}

export interface AuthSettings {
  enabled: boolean;
  users: AuthUser[];
}

export const AUTH_OFF: AuthSettings = { enabled: false, users: [] };

/** The challenge sent with every 401, so browsers and curl know what to offer. */
export const WWW_AUTHENTICATE = 'Basic realm="schemagate", charset="UTF-8", Bearer realm="schemagate"';

/**
 * Turns an Authorization header into an actor with the roles the config
 * gives them. Confluent clients send Basic credentials on every request, and
 * scrypt is slow by design, so a verified pair is remembered (by its SHA-256,
 * never in clear) for the life of the process.
 */
export class Authenticator {
  private readonly byName: Map<string, AuthUser>;
  private readonly byToken: Map<string, AuthUser>;
  private readonly verified = new LruCache<string, AuthUser>(10_000);

  constructor(settings: AuthSettings) {
    this.byName = new Map(settings.users.map((u) => [u.name, u]));
    this.byToken = new Map(settings.users.filter((u) => u.tokenHash).map((u) => [u.tokenHash!, u]));
  }

  async authenticate(header: string | undefined): Promise<Actor> {
    if (!header) throw errors.authenticationRequired('send HTTP Basic credentials or a bearer token (Authorization header)');
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const value = space === -1 ? '' : header.slice(space + 1).trim();
    if (scheme === 'bearer') {
      const user = this.byToken.get(hashToken(value));
      if (!user) throw errors.authenticationRequired('the bearer token is not valid');
      return actorOf(user);
    }
    if (scheme === 'basic') return actorOf(await this.basic(value));
    throw errors.authenticationRequired(`the '${scheme}' scheme is not supported; use Basic or Bearer`);
  }

  private async basic(encoded: string): Promise<AuthUser> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw errors.authenticationRequired('the Basic credentials are malformed (expected base64 of user:password)');
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const key = createHash('sha256').update(`${name}\u0000${password}`).digest('hex');
    const cached = this.verified.get(key);
    if (cached) return cached;
    const user = this.byName.get(name);
    // The same answer for an unknown user and a wrong password: names are not disclosed.
    if (!user?.passwordHash || !(await verifyPassword(password, user.passwordHash))) throw errors.authenticationRequired('invalid user name or password');
    this.verified.set(key, user);
    return user;
  }
}

function actorOf(user: AuthUser): Actor {
  return { name: user.name, roles: user.roles, authenticated: true };
}
