import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a webhook delivery: `sha256=` and the hex HMAC-SHA256,
 * keyed with the webhook's secret, of `<timestamp>.<body>`. The timestamp
 * (unix seconds, also sent as x-schemagate-timestamp) is signed with the
 * body so a receiver can refuse an old delivery replayed.
 */
export function signDelivery(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver runs (docs/notifications.md has it to copy): true when
 * `header` (x-schemagate-signature) signs this timestamp and body (the raw
 * bytes as received, before parsing) with `secret`. Compared in constant
 * time; a receiver should also refuse timestamps far from its own clock.
 */
export function verifySignature(secret: string, timestamp: string, body: string, header: string | undefined): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(signDelivery(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
