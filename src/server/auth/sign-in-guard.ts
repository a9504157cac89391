import type { Clock } from '../../core/clock.ts';
import { errors, type RegistryError } from '../../core/errors.ts';

/** How sign-ins are limited (`auth.signIn` in the config file). */
export interface SignInLimits {
  /** Failed sign-ins for one user name within the window; past it, that name is refused (429) until the window moves on. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one client address within the window. */
  maxFailuresPerAddress: number;
  windowMs: number;
  /** How long a verified user name and password are remembered, so Basic-auth clients do not pay scrypt on every request. */
  cacheForMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  maxFailuresPerUser: 10,
  maxFailuresPerAddress: 100,
  windowMs: 5 * 60_000,
  cacheForMs: 60_000,
};

/** Password checks running at once: scrypt takes a libuv thread (of four) and ~36 ms each. */
const CONCURRENT_CHECKS = 2;
/** Checks waiting per user name and per address: past these, a sign-in is refused at once rather than queued. */
const PENDING_PER_USER = 4;
const PENDING_PER_ADDRESS = 16;
/** Names and addresses with recent failures tracked at once; the oldest go first past it, so a spray of names cannot grow memory without end. */
const MAX_TRACKED = 100_000;

/**
 * Keeps password checks from being turned against the server. Failures are
 * counted per user name and per address in a sliding window, and past a
 * limit the next attempt is refused (429, Retry-After) without any scrypt.
 * The checks themselves run two at a time, taken from per-user queues in
 * turn, so a flood of wrong passwords for one name waits behind itself while
 * other users sign in; a queue that is full refuses rather than grows.
 */
export class SignInGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly queues = new Map<string, Array<() => void>>();
  private readonly pendingByAddress = new Map<string, number>();
  /** User names with a check running: one at a time each, so a flood of guesses for one name holds at most one of the slots. */
  private readonly runningUsers = new Set<string>();
  private running = 0;

  constructor(
    private readonly limits: SignInLimits,
    private readonly clock: Clock,
  ) {}

  /**
   * Refuses (429) a sign-in the limits already forbid. `user` is null for a
   * bearer token: it names no one until it matches, and one bucket for every
   * token would let ten bad tokens lock out every token user.
   */
  admit(user: string | null, address: string): void {
    const now = this.clock.now().getTime();
    const refusal =
      (user === null ? undefined : this.refusal(`user:${user}`, this.limits.maxFailuresPerUser, now, `user '${user}'`)) ??
      this.refusal(`address:${address}`, this.limits.maxFailuresPerAddress, now, 'this address');
    if (refusal) throw refusal;
  }

  /** Runs a password check in its turn; refuses (429) when that user's or that address's queue is full. */
  async check<T>(user: string, address: string, work: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(user) ?? [];
    const fromAddress = this.pendingByAddress.get(address) ?? 0;
    if (queue.length >= PENDING_PER_USER || fromAddress >= PENDING_PER_ADDRESS) {
      throw errors.tooManySignIns(queue.length >= PENDING_PER_USER ? `user '${user}'` : 'this address', 'sign-ins are already being checked').retryAfter(1);
    }
    this.pendingByAddress.set(address, fromAddress + 1);
    try {
      await new Promise<void>((start) => {
        queue.push(start);
        this.queues.set(user, queue);
        this.next();
      });
      try {
        return await work();
      } finally {
        this.running--;
        this.runningUsers.delete(user);
        this.next();
      }
    } finally {
      const left = (this.pendingByAddress.get(address) ?? 1) - 1;
      if (left > 0) this.pendingByAddress.set(address, left);
      else this.pendingByAddress.delete(address);
    }
  }

  failed(user: string | null, address: string): void {
    const now = this.clock.now().getTime();
    for (const key of [...(user === null ? [] : [`user:${user}`]), `address:${address}`]) {
      const recent = this.recent(key, now);
      this.failures.delete(key);
      this.failures.set(key, [...recent, now]);
    }
    for (const key of this.failures.keys()) {
      if (this.failures.size <= MAX_TRACKED) break;
      this.failures.delete(key);
    }
  }

  succeeded(user: string): void {
    this.failures.delete(`user:${user}`);
  }

  /**
   * Starts queued checks while there is room: users in turn (a Map keeps
   * insertion order, and a served user goes to the back), skipping users
   * whose previous check still runs.
   */
  private next(): void {
    while (this.running < CONCURRENT_CHECKS) {
      const turn = [...this.queues].find(([user]) => !this.runningUsers.has(user));
      if (!turn) return;
      const [user, queue] = turn;
      const start = queue.shift()!;
      this.queues.delete(user);
      if (queue.length > 0) this.queues.set(user, queue);
      this.running++;
      this.runningUsers.add(user);
      start();
    }
  }

  private refusal(key: string, max: number, now: number, who: string): RegistryError | undefined {
    const recent = this.recent(key, now);
    if (recent.length < max) return undefined;
    return errors.tooManySignIns(who, `${recent.length} sign-ins failed in the last ${Math.round(this.limits.windowMs / 1000)} s`).retryAfter((recent[0] + this.limits.windowMs - now) / 1000);
  }

  /** Failure times still inside the window (older ones are dropped, so the map holds only recent failures). */
  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
