import type { Clock } from './core/clock.ts';
import type { SchemaEngine } from './engine/engine-types.ts';
import { AuditService } from './governance/audit-service.ts';
import { ChangeRequestService } from './governance/change-request-service.ts';
import { GovernanceService } from './governance/governance-service.ts';
import { GovernanceSnapshotReader } from './governance/governance-snapshot.ts';
import { NotificationFeed } from './notifications/notification-feed.ts';
import type { RegistryContext, RegistryEvents, RegistrySettings } from './registry/registry-context.ts';
import { RegistryService } from './registry/registry-service.ts';
import type { Store } from './store/store.ts';

export interface ComposeOptions {
  store: Store;
  clock?: Clock;
  settings?: Partial<RegistrySettings>;
  /** What the registry tells its host (the server's metrics, the client's counter): given here, never patched in later. */
  events?: RegistryEvents;
  /** Where schemas are parsed and checked: the server passes a WorkerEngine; in process, the caller's thread does it. */
  engine?: SchemaEngine;
}

/** Every service of one registry, over one context. */
export interface RegistryServices {
  ctx: RegistryContext;
  registry: RegistryService;
  governance: GovernanceService;
  changeRequests: ChangeRequestService;
  audit: AuditService;
  /** The bulk governance read behind the gauges. */
  governanceSnapshot: GovernanceSnapshotReader;
  /** The governance events the console shows and webhooks receive, and their deliveries. */
  notifications: NotificationFeed;
  /** Closes the store (an engine passed in stays the caller's to close). */
  close(): Promise<void>;
}

/**
 * The composition root: the one place services are built and wired. `serve`,
 * the in-memory client, the CLI's offline checks and the tests all start a
 * registry through it, so each gets the same graph.
 */
export function composeRegistry(options: ComposeOptions): RegistryServices {
  const registry = new RegistryService(options);
  const { ctx } = registry;
  return {
    ctx,
    registry,
    governance: new GovernanceService(ctx),
    changeRequests: new ChangeRequestService(ctx),
    audit: new AuditService(ctx),
    governanceSnapshot: new GovernanceSnapshotReader(ctx),
    notifications: new NotificationFeed(ctx.store),
    close: () => registry.close(),
  };
}
