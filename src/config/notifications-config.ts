import { readFileSync } from 'node:fs';
import { sha256Hex } from '../core/fingerprint.ts';
import { isNotificationType, NOTIFICATION_TYPES, type NotificationType } from '../core/governance/notification-events.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings, type WebhookSettings } from '../notifications/notification-settings.ts';
import { ConfigError, duration, integer, section } from './config-values.ts';

/**
 * `notifications:` — `{consoleUrl?, webhooks: [{name?, url, events?,
 * secret | secretFile | secretEnv, format?}], retry?, timeout?}`. Every
 * refusal names the key; none repeats a secret.
 */
export function readNotificationSettings(raw: unknown, env: NodeJS.ProcessEnv): NotificationSettings {
  const file = section(raw, 'notifications');
  const d = DEFAULT_NOTIFICATION_SETTINGS;
  const retry = section(file.retry, 'notifications.retry');
  const initialDelayMs = duration(retry.initialDelay, 'notifications.retry.initialDelay', d.retry.initialDelayMs, { minMs: 100, maxMs: 3_600_000 });
  const settings: NotificationSettings = {
    ...d,
    webhooks: [],
    retry: {
      initialDelayMs,
      maxDelayMs: duration(retry.maxDelay, 'notifications.retry.maxDelay', Math.max(d.retry.maxDelayMs, initialDelayMs), { minMs: initialDelayMs, maxMs: 24 * 3_600_000 }),
      maxAttempts: integer(retry.maxAttempts, 'notifications.retry.maxAttempts', d.retry.maxAttempts, { min: 1, max: 1000 }),
    },
    timeoutMs: duration(file.timeout, 'notifications.timeout', d.timeoutMs, { minMs: 100, maxMs: 5 * 60_000 }),
  };
  if (file.consoleUrl !== undefined) settings.consoleUrl = httpUrl(file.consoleUrl, 'notifications.consoleUrl');
  const list = file.webhooks ?? [];
  if (!Array.isArray(list)) throw new ConfigError('notifications.webhooks must be a list of {url, secretFile | secretEnv | secret, events?, format?, name?}');
  const ids = new Set<string>();
  for (const [i, entry] of list.entries()) {
    const webhook = readWebhook(entry, `notifications.webhooks[${i}]`, env);
    if (ids.has(webhook.id)) throw new ConfigError(`notifications.webhooks[${i}]: a second webhook with the id '${webhook.id}'; give each its own name`);
    ids.add(webhook.id);
    settings.webhooks.push(webhook);
  }
  return settings;
}

function readWebhook(raw: unknown, where: string, env: NodeJS.ProcessEnv): WebhookSettings {
  const entry = section(raw, where);
  const url = httpUrl(entry.url, `${where}.url`);
  if (entry.name !== undefined && (typeof entry.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(entry.name))) {
    throw new ConfigError(`${where}.name must be 1 to 64 letters, digits, '.', '_' or '-', got ${JSON.stringify(entry.name)}`);
  }
  // The id keeps the webhook's deliveries and cursor: a name survives a change of URL, a hash of the URL does not.
  const id = (entry.name as string | undefined) ?? `url-${sha256Hex(url).slice(0, 12)}`;
  const format = entry.format ?? 'json';
  if (format !== 'json' && format !== 'slack') throw new ConfigError(`${where}.format must be json or slack, got ${JSON.stringify(format)}`);
  return { id, url, events: readEvents(entry.events, `${where}.events`), secret: readSecret(entry, where, env), format };
}

function readEvents(raw: unknown, where: string): NotificationType[] {
  if (raw === undefined) return [...NOTIFICATION_TYPES];
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError(`${where} must be a non-empty list among ${NOTIFICATION_TYPES.join(', ')} (leave it out for every event)`);
  const unknown = raw.find((e) => !isNotificationType(e));
  if (unknown !== undefined) throw new ConfigError(`${where}: unknown event ${JSON.stringify(unknown)}; use ${NOTIFICATION_TYPES.join(', ')}`);
  return [...new Set(raw as NotificationType[])];
}

/** Exactly one of secret, secretFile, secretEnv. The value itself never appears in a message. */
function readSecret(entry: Record<string, unknown>, where: string, env: NodeJS.ProcessEnv): string {
  const given = (['secret', 'secretFile', 'secretEnv'] as const).filter((k) => entry[k] !== undefined);
  if (given.length !== 1) {
    throw new ConfigError(`${where} needs exactly one of secretFile, secretEnv or secret (the HMAC key receivers verify with)${given.length > 1 ? `, got ${given.join(' and ')}` : ''}`);
  }
  let secret: string;
  if (entry.secretFile !== undefined) {
    try {
      secret = readFileSync(String(entry.secretFile), 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`${where}.secretFile: cannot read ${String(entry.secretFile)}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  } else if (entry.secretEnv !== undefined) {
    const name = String(entry.secretEnv);
    if (env[name] === undefined) throw new ConfigError(`${where}.secretEnv: the environment variable ${name} is not set`);
    secret = env[name]!.trim();
  } else {
    if (typeof entry.secret !== 'string') throw new ConfigError(`${where}.secret must be a string`);
    secret = entry.secret.trim();
  }
  if (secret.length < 16) throw new ConfigError(`${where}: the secret is ${secret.length} characters; a webhook secret needs at least 16 (e.g. openssl rand -hex 32)`);
  return secret;
}

function httpUrl(raw: unknown, where: string): string {
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ConfigError(`${where} must be an http:// or https:// URL`);
  // fetch refuses them, and the error it throws would quote the URL, password and all, into logs and the deliveries route.
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${where} must not hold a user name or password (user:password@host); put a secret in the path or query, or authenticate the receiver by the signature`);
  return url.toString();
}
