import { WorkerEngine } from '../../src/engine/worker-engine.ts';

let engine: WorkerEngine | undefined;

/**
 * The schema engine of the tests: worker threads, as the server runs it, one
 * pool per test process (its workers are idle between tests, and do not
 * keep the process alive).
 */
export function sharedEngine(): WorkerEngine {
  engine ??= new WorkerEngine({ workers: 2 });
  return engine;
}
