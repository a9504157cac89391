import { Worker } from 'node:worker_threads';
import { errors } from '../core/errors.ts';
import { fromWire, toWire, type FromWorker, type ToWorker, type WireError } from './engine-messages.ts';
import type { EngineHost, JobInputs, JobKind, JobOutputs, SchemaEngine } from './engine-types.ts';
import { DEFAULT_PARSED_CACHE_CHARS } from './inline-engine.ts';

export interface WorkerEngineOptions {
  /** Worker threads (engine.workers). */
  workers: number;
  /** A job running longer is stopped and refused with 42260 (engine.checkTimeout). */
  timeoutMs: number;
  /** Each worker's heap; a job that needs more is refused with 42260 (engine.maxHeapMb). */
  maxHeapMb: number;
  /** Characters of stored schema text each worker keeps parsed. */
  parsedCacheChars: number;
  /** Jobs waiting for a worker beyond this are refused with 50301 and Retry-After (engine.maxQueue). */
  maxQueue: number;
  /** A job waiting this long on one answer from the store is stopped with 50304: its time budget does not run meanwhile. */
  storeWaitMs: number;
}

export const DEFAULT_WORKER_ENGINE: WorkerEngineOptions = {
  workers: 2,
  timeoutMs: 5_000,
  maxHeapMb: 384,
  parsedCacheChars: DEFAULT_PARSED_CACHE_CHARS,
  maxQueue: 64,
  storeWaitMs: 30_000,
};

interface Job {
  id: number;
  kind: JobKind;
  input: unknown;
  host: EngineHost;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** The job's budget left, and when its clock last started: it stops while the job waits on the store. */
  budgetMs: number;
  clockedAt: number;
  /** Calls to the host the job waits on, and the bound on that wait. */
  waiting: number;
  waitTimer?: NodeJS.Timeout;
  ready: boolean;
}

/**
 * The engine on a pool of worker threads. Each worker runs one job at a
 * time; a job that outruns its time is stopped by terminating its worker,
 * one that outgrows the worker's heap dies with it, and either way its
 * request gets a 4xx while a fresh worker takes the slot. The registry's
 * thread only passes messages, so it stays free for every other request.
 */
export class WorkerEngine implements SchemaEngine {
  private readonly options: WorkerEngineOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextJob = 1;
  private closed = false;
  /** Workers that died before they were ready, in a row: past a few, the pool stops respawning (a broken install, not a hostile schema). */
  private failedStarts = 0;
  private broken?: Error;

  constructor(options: Partial<WorkerEngineOptions> = {}) {
    this.options = { ...DEFAULT_WORKER_ENGINE, ...options };
    for (let i = 0; i < this.options.workers; i++) this.slots.push(this.spawn());
  }

  run<K extends JobKind>(kind: K, input: JobInputs[K], host: EngineHost): Promise<JobOutputs[K]> {
    if (this.closed) return Promise.reject(new Error('the schema engine is closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(errors.registryBusy(this.queue.length).retryAfter(1));
    return new Promise<JobOutputs[K]>((resolve, reject) => {
      this.queue.push({ id: this.nextJob++, kind, input, host, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  forget(ns: string, ids: readonly number[]): void {
    for (const slot of this.slots) slot.worker.postMessage({ type: 'forget', ns, ids } satisfies ToWorker);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the schema engine closed'));
    await Promise.all(this.slots.map((slot) => this.retire(slot, new Error('the schema engine closed'))));
  }

  private spawn(): Slot {
    const worker = new Worker(workerEntry(), {
      workerData: { parsedCacheChars: this.options.parsedCacheChars },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false, budgetMs: 0, clockedAt: 0, waiting: 0 };
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (err) => this.onFailure(slot, err));
    worker.on('exit', () => this.onFailure(slot, new Error('the worker exited')));
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.budgetMs = this.options.timeoutMs;
      slot.waiting = 0;
      this.startClock(slot);
      slot.worker.postMessage({ type: 'job', jobId: job.id, kind: job.kind, input: job.input } satisfies ToWorker);
    }
    // Work waiting or running keeps the process alive; an idle pool does not.
    for (const slot of this.slots) {
      if (slot.job || this.queue.length > 0) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.failedStarts = 0;
      this.dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.jobId) return;
    if (message.type === 'call') {
      const method = job.host[message.method] as (...args: unknown[]) => Promise<unknown>;
      // A slow store is not a costly schema: the job's clock stops while it waits on the host.
      if (slot.waiting++ === 0) this.stopClock(slot);
      const reply = (answer: { ok: true; value: unknown } | { ok: false; error: WireError }) => {
        if (slot.job !== job) return;
        if (--slot.waiting === 0) this.startClock(slot);
        slot.worker.postMessage({ type: 'reply', jobId: job.id, callId: message.callId, ...answer } satisfies ToWorker);
      };
      method(...message.args).then(
        (value) => reply({ ok: true, value }),
        (err: unknown) => reply({ ok: false, error: toWire(err) }),
      );
      return;
    }
    this.finish(slot);
    if (message.ok) job.resolve(message.value);
    else job.reject(fromWire(message.error));
    this.dispatch();
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    clearTimeout(slot.waitTimer);
    slot.job = undefined;
  }

  private startClock(slot: Slot): void {
    clearTimeout(slot.waitTimer);
    slot.clockedAt = performance.now();
    slot.timer = setTimeout(() => this.onTimeout(slot), Math.max(0, slot.budgetMs));
  }

  private stopClock(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.budgetMs -= performance.now() - slot.clockedAt;
    const seconds = this.options.storeWaitMs / 1000;
    slot.waitTimer = setTimeout(() => void this.replace(slot, errors.storeTimeout(seconds).retryAfter(5)), this.options.storeWaitMs);
  }

  private onTimeout(slot: Slot): void {
    const seconds = this.options.timeoutMs / 1000;
    void this.replace(slot, errors.checkBudgetExceeded(`it took longer than ${seconds} s (engine.checkTimeout)`));
  }

  private onFailure(slot: Slot, err: Error): void {
    if (this.closed || !this.slots.includes(slot)) return;
    if (!slot.ready && ++this.failedStarts > 3) {
      this.broken = new Error(`the schema engine's workers cannot start: ${err.message}`);
      for (const job of this.queue.splice(0)) job.reject(this.broken);
      return;
    }
    const outOfMemory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    void this.replace(
      slot,
      outOfMemory ? errors.checkBudgetExceeded(`it needed more than ${this.options.maxHeapMb} MB of memory (engine.maxHeapMb)`) : new Error(`schema engine worker failed: ${err.message}`),
    );
  }

  /** Takes a worker out (its job, if any, fails with `reason`) and puts a fresh one in its slot. */
  private async replace(slot: Slot, reason: Error): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots[index] = this.spawn();
    await this.retire(slot, reason);
    this.dispatch();
  }

  private async retire(slot: Slot, reason: Error): Promise<void> {
    const job = slot.job;
    this.finish(slot);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => {});
    job?.reject(reason);
    slot.worker.unref();
    await slot.worker.terminate();
  }
}

/**
 * The worker's module. From the TypeScript sources (the bin runs them
 * through tsx) a worker needs tsx's loader registered first: a small
 * bootstrap module does that, then imports the worker.
 */
function workerEntry(): URL {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './engine-worker.ts' : './engine-worker.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return entry;
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
