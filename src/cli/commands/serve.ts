import type { AddressInfo } from 'node:net';
import { ConfigError, loadServeConfig, type ServeFlags } from '../../config/load-config.ts';
import { WorkerEngine } from '../../engine/worker-engine.ts';
import { composeServer } from '../../server/compose-server.ts';
import { openStore } from '../../store/open-store.ts';

/** `schemagate serve`: runs until SIGTERM or SIGINT, then closes the server and the store. */
export async function serve(flags: ServeFlags): Promise<number> {
  const config = loadServeConfig(flags);
  const store = await openStore(config.store, config.dataDir, { auditSigner: config.auditSigner });
  // Schemas are parsed and checked on worker threads: a schema a client sends never holds the event loop.
  const engine = new WorkerEngine(config.engine);
  const { app, services: registry, notifier } = await composeServer({
    store,
    settings: config.registry,
    engine,
    logLevel: config.logLevel,
    auth: config.auth,
    server: config.server,
    notifications: config.notifications,
  });
  const shut = async () => {
    await notifier.stop();
    await app.close();
    await registry.close();
    await engine.close();
  };
  try {
    // Before listening: a new webhook's cursor is set before any request can raise an event it should get.
    await notifier.start();
  } catch (err) {
    await shut();
    throw err;
  }
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await shut();
    throw listenError(err, config.host, config.port);
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const where = store.kind === 'sqlite' ? `sqlite ${(store as { path?: string }).path}` : ((store as { description?: string }).description ?? store.kind);
  // Handlers first: whoever reads the ready line may signal at once, and
  // until a handler is installed a signal kills the process uncleanly.
  const stopped = new Promise<NodeJS.Signals | 'parent exited'>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    stopWithLauncher(() => resolve('parent exited'));
  });
  process.stdout.write(`schemagate listening on http://${host}:${port} (store: ${where}, validation mode: ${config.registry.validationMode}, auth: ${config.auth.enabled ? `on, ${config.auth.users.length} users` : 'off'})\n`);

  const signal = await stopped;
  process.stdout.write(`schemagate stopping (${signal})\n`);
  // The notifier first: its attempts under way end (or are let go) while the store is still open.
  await shut();
  return 0;
}

/**
 * `npx schemagate serve` (npm exec) and `npm start` run the bin through npm
 * and a shell that do not pass a SIGTERM on: a supervisor stopping the
 * process it launched (npm) would leave the server running and holding the
 * port. So, when npm exec or npm start launched us, we stop when our parent
 * goes away. Every other start — `node …`, the installed bin, `&` inside
 * an npm script (npm_command run-script or test) — keeps running after its
 * parent, as servers do.
 */
function stopWithLauncher(stop: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (env.npm_command !== 'exec' && env.npm_command !== 'start') return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, 500);
  timer.unref();
}

/** Why the server could not listen, in the operator's terms (exit 2), never a stack trace. */
function listenError(err: unknown, host: string, port: number): Error {
  const code = (err as { code?: string }).code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError(`cannot listen on ${where}: the port is in use (another schemagate?); choose another with --port`);
    case 'EACCES':
      return new ConfigError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges); choose another with --port`);
    case 'EADDRNOTAVAIL':
      return new ConfigError(`cannot listen on ${where}: no interface of this machine has that address (--host)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`cannot listen on ${where}: the host name does not resolve (--host)`);
    default:
      return new ConfigError(`cannot listen on ${where}: ${(err as Error).message}`);
  }
}
