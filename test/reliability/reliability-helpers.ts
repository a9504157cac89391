import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** The resident set size of a process, in MiB (Linux: /proc). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One HTTP request with nothing checked or encoded on the way: the path and
 * body go as given. Requests share a keep-alive pool of 16 connections;
 * `ownConnection` sends on a connection of its own, as another client would.
 */
export function send(base: string, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, ownConnection = false): Promise<RawResponse> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: ownConnection ? false : agent,
        headers: { ...(body !== undefined && { 'content-type': 'application/vnd.schemaregistry.v1+json' }), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Bytes written on a socket as they are (invalid UTF-8 in the request line, broken framing), and the status line that comes back. */
export function sendRaw(base: string, bytes: Buffer): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer) ? Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)![1]) : 0));
    socket.write(bytes);
  });
}

/** Calls /healthz every `everyMs` until stopped, and reports the latencies it saw. */
export function healthProbe(base: string, everyMs = 10): { stop(): Promise<{ count: number; p50: number; p99: number; max: number }> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await send(base, 'GET', '/healthz');
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      latencies.push(res.ms);
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
    },
  };
}

/** Runs `work` over the items with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        out[index] = await work(items[index], index);
      }
    }),
  );
  return out;
}
