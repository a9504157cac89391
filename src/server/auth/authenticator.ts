import { createHmac, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock.ts';
import { errors } from '../../core/errors.ts';
import { LruCache } from '../../core/lru-cache.ts';
import type { Actor, Role } from '../../core/governance/roles.ts';
import { hashPassword, hashToken, verifyPassword } from './secrets.ts';
import { DEFAULT_SIGN_IN_LIMITS, SignInGuard, type SignInLimits } from './sign-in-guard.ts';

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
  signIn?: SignInLimits;
}

export const AUTH_OFF: AuthSettings = { enabled: false, users: [] };

/** The challenge sent with every 401, so browsers and curl know what to offer. */
export const WWW_AUTHENTICATE = 'Basic realm="schemagate", charset="UTF-8", Bearer realm="schemagate"';

/** Control characters are never part of a name, a password or a token: a NUL after a password is not the password. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Turns an Authorization header into an actor with the roles the config
 * gives them. Passwords are checked with scrypt, off the event loop and in
 * turn (see SignInGuard); an unknown user costs the same scrypt as a known
 * one, so timing does not tell which names exist. A verified pair is
 * remembered for a short while under an HMAC with a key that lives only in
 * this process, never the password itself.
 */
export class Authenticator {
  private readonly byName: Map<string, AuthUser>;
  private readonly byToken: Map<string, AuthUser>;
  private readonly verified = new LruCache<string, { user: AuthUser; until: number }>(10_000);
  private readonly inFlight = new Map<string, Promise<AuthUser | undefined>>();
  private readonly cacheKey = randomBytes(32);
  /** What an unknown user's password is checked against: a hash of nothing anyone knows, at the default cost. */
  private readonly decoy = hashPassword(randomBytes(16).toString('base64url'));
  private readonly guard: SignInGuard;
  private readonly limits: SignInLimits;

  constructor(
    settings: AuthSettings,
    private readonly clock: Clock = systemClock,
  ) {
    this.byName = new Map(settings.users.map((u) => [u.name, u]));
    this.byToken = new Map(settings.users.filter((u) => u.tokenHash).map((u) => [u.tokenHash!, u]));
    this.limits = settings.signIn ?? DEFAULT_SIGN_IN_LIMITS;
    this.guard = new SignInGuard(this.limits, clock);
  }

  /** `address`: the client's, for the per-address limits. */
  async authenticate(header: string | undefined, address = 'unknown'): Promise<Actor> {
    if (!header) throw errors.authenticationRequired('send HTTP Basic credentials or a bearer token (Authorization header)');
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const value = space === -1 ? '' : header.slice(space + 1).trim();
    if (scheme === 'bearer') return actorOf(this.bearer(value, address));
    if (scheme === 'basic') return actorOf(await this.basic(value, address));
    throw errors.authenticationRequired(`the '${scheme}' scheme is not supported; use Basic or Bearer`);
  }

  private bearer(token: string, address: string): AuthUser {
    this.guard.admit(null, address);
    const user = CONTROL.test(token) ? undefined : this.byToken.get(hashToken(token));
    if (!user) {
      this.guard.failed(null, address);
      throw errors.authenticationRequired('the bearer token is not valid');
    }
    return user;
  }

  private async basic(encoded: string, address: string): Promise<AuthUser> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw errors.authenticationRequired('the Basic credentials are malformed (expected base64 of user:password)');
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (CONTROL.test(decoded) || decoded.includes('\ufffd')) throw errors.authenticationRequired('the Basic credentials hold control characters or bytes that are not UTF-8');
    const key = createHmac('sha256', this.cacheKey).update(`${name}\u0000${password}`).digest('base64url');
    const now = this.clock.now().getTime();
    const cached = this.verified.get(key);
    if (cached && cached.until > now) return cached.user;
    this.guard.admit(name, address);
    // The same pair arriving many times at once (a client's first burst) is checked once.
    let check = this.inFlight.get(key);
    if (!check) {
      check = this.guard.check(name, address, () => this.verify(name, password)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, check);
    }
    const user = await check;
    if (!user) {
      this.guard.failed(name, address);
      // The same answer for an unknown user and a wrong password: names are not disclosed.
      throw errors.authenticationRequired('invalid user name or password');
    }
    this.guard.succeeded(name);
    this.verified.set(key, { user, until: now + this.limits.cacheForMs });
    return user;
  }

  private async verify(name: string, password: string): Promise<AuthUser | undefined> {
    const user = this.byName.get(name);
    const ok = await verifyPassword(password, user?.passwordHash ?? this.decoy);
    return ok && user?.passwordHash ? user : undefined;
  }
}

function actorOf(user: AuthUser): Actor {
  return { name: user.name, roles: user.roles, authenticated: true };
}
