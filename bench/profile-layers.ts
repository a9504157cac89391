// Reads a V8 .cpuprofile and says which layer of the server each sample
// taken under load was spent in. A sample belongs to the innermost frame on
// its stack that has an owner: a file of src/server (by its layer), another
// part of src/, or a package (fastify, prom-client, ajv…). Node's own frames
// (http, net, streams) own nothing, so they count for whoever called them;
// a stack of nothing but Node's frames is Node's HTTP itself.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The layers of src/server, by path: what the read path goes through. */
const SERVER_LAYERS: Array<[RegExp, string]> = [
  [/src\/server\/metrics\.ts$/, 'metrics hooks (onResponse, onSend)'],
  [/src\/server\/governance-gauges\.ts$/, 'metrics hooks (onResponse, onSend)'],
  [/src\/metrics\//, 'metrics hooks (onResponse, onSend)'],
  [/src\/server\/body-budget\.ts$/, 'body budget (preParsing, onResponse)'],
  [/src\/server\/body-parser\.ts$/, 'body parsing'],
  [/src\/server\/auth\//, 'auth (onRequest, route access)'],
  [/src\/server\/openapi\//, 'edge validation (openapi)'],
  [/src\/server\/app\.ts$/, 'app hooks (content type, subject check)'],
  [/src\/server\/error-handler\.ts$/, 'error handler'],
  [/src\/server\/routes\//, 'route handlers'],
  [/src\/server\/query\.ts$/, 'route handlers'],
];

/** Native calls that enter the kernel to write to a socket. */
const SOCKET_CALLS = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String']);

function ownerOf(url: string): string | undefined {
  if (url === '' || url.startsWith('node:')) return undefined;
  for (const [pattern, layer] of SERVER_LAYERS) if (pattern.test(url)) return layer;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    if (pkg[1] === 'prom-client' || pkg[1] === 'tdigest' || pkg[1] === 'bintrees') return 'metrics hooks (onResponse, onSend)';
    if (pkg[1].startsWith('ajv')) return 'edge validation (openapi)';
    if (pkg[1] === 'pino' || pkg[1].startsWith('pino-')) return 'fastify: request logger (pino child)';
    if (pkg[1] === 'find-my-way') return 'fastify: routing (find-my-way)';
    if (pkg[1] === 'tsx' || pkg[1] === 'esbuild') return 'start-up (module loading)';
    return pkg[1] === 'fastify' ? 'fastify: request lifecycle, hooks, reply' : `fastify: its other parts (${pkg[1]})`;
  }
  const src = /\/src\/([^/]+)\//.exec(url);
  if (src) return `src/${src[1]} (below the server)`;
  return undefined;
}

export interface LayerShare {
  layer: string;
  /** Microseconds of main-thread CPU per request, under the profiler. */
  usPerRequest: number;
}

/**
 * Splits the main thread's busy samples in [fromUs, toUs] (CLOCK_MONOTONIC
 * µs, as V8 stamps them) by layer, as microseconds per request.
 */
export function layersOf(profilePath: string, fromUs: number, toUs: number, requests: number): LayerShare[] {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const layerOfNode = new Map<number, string>();
  // A frame without an owner inherits its caller's; a chain of none ends in "Node's http…".
  const layerOf = (id: number): string => {
    let layer = layerOfNode.get(id);
    if (layer !== undefined) return layer;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(garbage collector)') layer = 'garbage collection';
    else if (frame.functionName === '(idle)') layer = 'idle';
    else if (frame.functionName === '(program)') layer = 'V8 and Node outside JavaScript';
    // The kernel's side of loopback TCP, timed by the wall clock: it includes time the thread waited for a core.
    else if (frame.url === '' && SOCKET_CALLS.has(frame.functionName)) layer = 'socket writes (syscalls, wall time)';
    else layer = ownerOf(frame.url) ?? (parent.has(id) ? layerOf(parent.get(id)!) : "Node's http, net and streams");
    layerOfNode.set(id, layer);
    return layer;
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    const next = i + 1 < profile.samples.length ? at + profile.timeDeltas[i + 1] : profile.endTime;
    if (at < fromUs || at > toUs) continue;
    const layer = byId.has(profile.samples[i]) ? layerOf(profile.samples[i]) : 'unknown';
    totals.set(layer, (totals.get(layer) ?? 0) + (next - at));
  }
  totals.delete('idle');
  return [...totals].map(([layer, us]) => ({ layer, usPerRequest: us / requests })).sort((a, b) => b.usPerRequest - a.usPerRequest);
}
