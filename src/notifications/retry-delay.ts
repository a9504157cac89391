import type { RetrySettings } from './notification-settings.ts';

/**
 * When a failed delivery is tried again: after `attempts` failures, an
 * exponential delay (initialDelay × 2^(attempts−1), at most maxDelay) with
 * its upper half jittered, so webhooks that failed together do not all
 * return at once. Null once maxAttempts failed: the delivery is dead.
 */
export function retryDelayMs(attempts: number, retry: RetrySettings, random: () => number = Math.random): number | null {
  if (attempts >= retry.maxAttempts) return null;
  const full = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** Math.min(attempts - 1, 40));
  return Math.round(full / 2 + (full / 2) * random());
}
