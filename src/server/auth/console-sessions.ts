import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock.ts';
import { LruCache } from '../../core/lru-cache.ts';
import type { Actor } from '../../core/governance/roles.ts';

export const SESSION_COOKIE = 'schemagate_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  actor: Actor;
  /** Sent back by the console's script on every write; a cross-site form cannot read it. */
  csrfToken: string;
  expiresAt: number;
  idleUntil: number;
}

export interface SessionLimits {
  /** A session ends this long after sign-in, used or not. */
  ttlMs: number;
  /** …or this long after its last request. */
  idleMs: number;
  /** Sessions held at once; the least recently used goes first. */
  max: number;
  /** Sessions one user holds at once; their oldest goes first, so no user can crowd the others out. */
  maxPerUser: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { ttlMs: 12 * 3_600_000, idleMs: 2 * 3_600_000, max: 10_000, maxPerUser: 20 };

/**
 * The console's sign-in sessions, in this process's memory: a restart signs
 * everyone out, which costs a sign-in and keeps session secrets out of the
 * store and its backups (docs/decisions/017). Sessions are kept under a
 * digest of their id, so the map never holds a usable cookie value.
 */
export class ConsoleSessions {
  private readonly sessions: LruCache<string, ConsoleSession>;
  /** Each user's session keys, oldest first. */
  private readonly byUser = new Map<string, string[]>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {
    this.sessions = new LruCache(limits.max);
  }

  /** A new session for `actor`: its cookie value and the session. */
  create(actor: Actor): { id: string; session: ConsoleSession } {
    const now = this.clock.now().getTime();
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      actor,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: now + this.limits.ttlMs,
      idleUntil: now + this.limits.idleMs,
    };
    const key = digest(id);
    this.sessions.set(key, session);
    // Keys the LRU already dropped, or that expired, go from the user's list as it is walked.
    const keys = (this.byUser.get(actor.name) ?? []).filter((k) => this.sessions.has(k));
    keys.push(key);
    while (keys.length > this.limits.maxPerUser) this.sessions.delete(keys.shift()!);
    this.byUser.set(actor.name, keys);
    // Users whose sessions have all gone (with auth off, any name can sign in): their lists go too, so the map stays bounded.
    if (this.byUser.size > 2 * this.limits.max) {
      for (const [name, list] of this.byUser) if (!list.some((k) => this.sessions.has(k))) this.byUser.delete(name);
    }
    return { id, session };
  }

  /** The live session a cookie value names, its idle time renewed; undefined when unknown or expired. */
  get(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const now = this.clock.now().getTime();
    if (now >= session.expiresAt || now >= session.idleUntil) {
      this.sessions.delete(key);
      return undefined;
    }
    session.idleUntil = Math.min(session.expiresAt, now + this.limits.idleMs);
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  /** Seconds a new session's cookie lives, for Max-Age. */
  get cookieMaxAge(): number {
    return Math.floor(this.limits.ttlMs / 1000);
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** The CSRF token a write sent, compared in constant time with the session's. */
export function csrfMatches(session: ConsoleSession, sent: string | string[] | undefined): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header (first match; values are base64url, never quoted). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value for a session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS. */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
