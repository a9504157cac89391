import type { AddressInfo } from 'node:net';
import { loadServeConfig, type ServeFlags } from '../../config/load-config.ts';
import { RegistryService } from '../../registry/registry-service.ts';
import { buildApp } from '../../server/app.ts';
import { openStore } from '../../store/open-store.ts';

/** `schemagate serve`: runs until SIGTERM or SIGINT, then closes the server and the store. */
export async function serve(flags: ServeFlags): Promise<number> {
  const config = loadServeConfig(flags);
  const store = await openStore(config.store, config.dataDir);
  const registry = new RegistryService({ store, settings: config.registry });
  const app = await buildApp({ registry, logLevel: config.logLevel, auth: config.auth });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await registry.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const where = store.kind === 'sqlite' ? `sqlite ${(store as { path?: string }).path}` : ((store as { description?: string }).description ?? store.kind);
  // Handlers first: whoever reads the ready line may signal at once, and
  // until a handler is installed a signal kills the process uncleanly.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  process.stdout.write(`schemagate listening on http://${host}:${port} (store: ${where}, validation mode: ${config.registry.validationMode}, auth: ${config.auth.enabled ? `on, ${config.auth.users.length} users` : 'off'})\n`);

  const signal = await stopped;
  process.stdout.write(`schemagate stopping (${signal})\n`);
  await app.close();
  await registry.close();
  return 0;
}
