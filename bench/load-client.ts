// A load generator cheap enough not to be the cap on a 2-core machine:
// keep-alive sockets, one request in flight on each, request bytes built once
// (fixed paths, cycled), responses framed by Content-Length only. It runs in
// its own process and reads the server's CPU time from /proc at the start and
// end of the timed window itself, so the figure covers exactly the load.
//
//   node --import tsx bench/load-client.ts <file holding a LoadSpec as JSON>   (prints a LoadResult as JSON)
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { processCpuSeconds } from './proc-cpu.ts';

export interface FixedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  /** The server process, whose CPU time is read around the window. */
  pid: number;
  requests: FixedRequest[];
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  seconds: number;
  /** Seconds of the server's CPU (all threads) during the window. */
  serverCpuSeconds: number;
  /** Seconds of this generator's own CPU: near `seconds`, the generator was the cap. */
  clientCpuSeconds: number;
  /** The timed window on CLOCK_MONOTONIC, in µs: the clock V8's CPU profiles use, to pick the samples taken under load. */
  windowUs: [number, number];
}

const HEADER_END = Buffer.from('\r\n\r\n');

function encode(host: string, r: FixedRequest): Buffer {
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  const lines = [`${r.method} ${r.path} HTTP/1.1`, `host: ${host}`, 'connection: keep-alive'];
  for (const [name, value] of Object.entries(r.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body) lines.push(`content-length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  return body ? Buffer.concat([head, body]) : head;
}

/** Drives one keep-alive connection until `until` (performance.now()); resolves when its last answer is in. */
function drive(url: URL, wire: Buffer[], offset: number, until: number, result: LoadResult): Promise<void> {
  return new Promise((done, fail) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let next = offset;
    let pending: Buffer = Buffer.alloc(0);
    const send = () => {
      if (performance.now() >= until) {
        socket.end();
        done();
        return;
      }
      socket.write(wire[next++ % wire.length]);
    };
    socket.on('connect', send);
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const headEnd = pending.indexOf(HEADER_END);
      if (headEnd === -1) return;
      const head = pending.toString('latin1', 0, headEnd);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) return fail(new Error(`an answer without Content-Length (this generator frames by it): ${head}`));
      const total = headEnd + 4 + Number(length[1]);
      if (pending.length < total) return;
      if (pending.length > total) return fail(new Error('more bytes than one answer: the server answered twice'));
      pending = Buffer.alloc(0);
      result.requests++;
      if (head.charCodeAt(9) !== 50 /* '2' */) result.non2xx++;
      send();
    });
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const wire = spec.requests.map((r) => encode(url.host, r));
  const result: LoadResult = { requests: 0, non2xx: 0, seconds: 0, serverCpuSeconds: 0, clientCpuSeconds: 0, windowUs: [0, 0] };
  const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
  const cpuBefore = processCpuSeconds(spec.pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  result.windowUs[0] = monotonicUs();
  const until = started + spec.seconds * 1000;
  await Promise.all(Array.from({ length: spec.connections }, (_, i) => drive(url, wire, i, until, result)));
  result.windowUs[1] = monotonicUs();
  result.seconds = (performance.now() - started) / 1000;
  result.serverCpuSeconds = processCpuSeconds(spec.pid) - cpuBefore;
  const client = process.cpuUsage(clientBefore);
  result.clientCpuSeconds = (client.user + client.system) / 1e6;
  return result;
}

if (import.meta.filename === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await runLoad(JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec))}\n`);
}
