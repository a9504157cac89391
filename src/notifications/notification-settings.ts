import type { NotificationType } from '../core/governance/notification-events.ts';

/** One webhook (`notifications.webhooks[]` in the config file), its secret already read from where the file points. */
export interface WebhookSettings {
  /** Its name, or a short hash of its URL: deliveries and the fan-out cursor are kept under it. */
  id: string;
  url: string;
  /** The event types it receives. */
  events: readonly NotificationType[];
  /** The HMAC-SHA256 key of its signature header. Never logged, never answered by a route. */
  secret: string;
  /** `json`: the event itself; `slack`: `{"text": …}` for a Slack incoming webhook. */
  format: 'json' | 'slack';
}

export interface RetrySettings {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts before a delivery is given up (dead). */
  maxAttempts: number;
}

/** `notifications:` in the config file. */
export interface NotificationSettings {
  /** Where the console is served, for links in the events' Slack text (`<consoleUrl>/ui/#/change-requests/<id>`). */
  consoleUrl?: string;
  webhooks: WebhookSettings[];
  retry: RetrySettings;
  /** One attempt's limit: connect, send and the answer. */
  timeoutMs: number;
  /** How often the dispatcher looks for work when nothing wakes it. */
  tickMs: number;
  /** Attempts under way at once, over every webhook. */
  maxInFlight: number;
}

export const DEFAULT_RETRY: RetrySettings = { initialDelayMs: 1000, maxDelayMs: 3_600_000, maxAttempts: 12 };

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  webhooks: [],
  retry: DEFAULT_RETRY,
  timeoutMs: 10_000,
  tickMs: 1000,
  maxInFlight: 8,
};
