import { notificationBody, slackText, type NotificationEvent } from '../core/governance/notification-events.ts';
import type { WebhookSettings } from './notification-settings.ts';
import { signDelivery } from './webhook-signature.ts';

/** The most of an answer read (then dropped): a receiver's body is never needed, and a huge one must not cost memory. */
const MAX_ANSWER_BYTES = 64 * 1024;

export type Attempt = { ok: true } | { ok: false; error: string };

/** The bytes a webhook is sent: the event itself, or Slack's `{"text": …}`. */
export function deliveryBody(event: NotificationEvent, webhook: Pick<WebhookSettings, 'format'>, consoleUrl?: string): string {
  return JSON.stringify(webhook.format === 'slack' ? { text: slackText(event, consoleUrl) } : notificationBody(event));
}

/**
 * One attempt: a signed POST, success on 2xx only. Redirects are not
 * followed (a webhook that moved is a failure to fix, and following one
 * would send the signed body where nobody configured it); the whole attempt
 * is bounded by `timeoutMs`. Never throws; the error names no secret.
 */
export async function attemptDelivery(
  webhook: WebhookSettings,
  event: NotificationEvent,
  options: { now: Date; timeoutMs: number; userAgent: string; consoleUrl?: string; fetch?: typeof fetch },
): Promise<Attempt> {
  const body = deliveryBody(event, webhook, options.consoleUrl);
  const timestamp = Math.floor(options.now.getTime() / 1000);
  try {
    const res = await (options.fetch ?? fetch)(webhook.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': options.userAgent,
        'x-schemagate-event': event.type,
        'x-schemagate-delivery': event.key,
        'x-schemagate-timestamp': String(timestamp),
        'x-schemagate-signature': signDelivery(webhook.secret, timestamp, body),
      },
      body,
    });
    await drain(res);
    return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: describe(err, options.timeoutMs) };
  }
}

async function drain(res: Response): Promise<void> {
  if (!res.body) return;
  const reader = res.body.getReader();
  let read = 0;
  try {
    while (read < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (e.cause?.code) return e.cause.code;
  // fetch's own TypeErrors can quote the URL, and a webhook URL is a credential (Slack's is): never repeat one.
  if (e.name === 'TypeError') return 'the request could not be made (fetch refused it)';
  return e.cause?.message ?? e.message ?? String(err);
}
