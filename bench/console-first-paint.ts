// The console's first paint with 1,000 subjects (issue 14: under a second on
// this machine), in a real Chromium. Two figures per round, each from a
// fresh browser context (nothing cached):
//   - first contentful paint of /ui/#/subjects (the page's shell);
//   - the subject table on screen: navigation start until its caption says
//     how many subjects there are (the shell, the scripts, the session read,
//     the /ui/api/subjects page of 100 rows, and their rendering).
// Baseline in the same run: a bare node:http server sending one static HTML
// page with the same 100-row table already in it (no script, no API call),
// the least any page showing that table can cost here. Alternating rounds,
// medians, and the ratio.
//
//   npm run bench:console   (or: node --import tsx bench/console-first-paint.ts [subjects] [rounds])
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { parseSchema } from '../src/core/parse-schema.ts';
import { openStore } from '../src/store/open-store.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { median, reportFigures } from './figures.ts';
import { startListening } from './start-process.ts';

const SUBJECTS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 7);
const CHROMIUM = process.env.SCHEMAGATE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function fill(dataDir: string): Promise<void> {
  const store = await openStore(undefined, dataDir);
  if (store instanceof SqliteStore) store.db.pragma('synchronous = OFF');
  const createdAt = new Date().toISOString();
  try {
    for (let i = 0; i < SUBJECTS; i++) {
      const parsed = parseSchema({ schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: `E${i}`, fields: [{ name: 'id', type: 'string' }] }), references: [] });
      await store.registerVersion({
        subject: `team-${String(i % 37).padStart(2, '0')}.events-${String(i).padStart(4, '0')}-value`,
        schema: { schemaType: parsed.type, schema: parsed.text, references: parsed.references, fingerprint: parsed.fingerprint },
        expectedMaxVersion: 0,
        createdAt,
      });
    }
  } finally {
    await store.close();
  }
}

/** The same 100 rows the console's first page shows, as one static page. */
function staticPage(): string {
  const rows = Array.from({ length: Math.min(100, SUBJECTS) }, (_, i) => `<tr><td><a href="#">subject-${i}</a></td><td>canary</td><td>BACKWARD</td><td>STRICT</td><td>1</td></tr>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title></head><body><header>schemagate</header><main><h1>Subjects</h1><table><caption>${SUBJECTS} subjects</caption><tbody>${rows}</tbody></table></main></body></html>`;
}

async function measure(browser: Browser, url: string, cookie?: { name: string; value: string; url: string }): Promise<{ fcp: number; table: number }> {
  const context = await browser.newContext();
  if (cookie) await context.addCookies([cookie]);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  // A function, not a string: the console's Content-Security-Policy refuses eval, which a string predicate needs.
  await page.waitForFunction((n: number) => (globalThis as any).document.querySelector('table caption')?.textContent?.startsWith(`${n} subject`) === true, SUBJECTS, {
    polling: 'raf',
    timeout: 30_000,
  });
  const table = (await page.evaluate('performance.now()')) as number;
  // The paint entry is recorded after the frame: wait for it, briefly. (A string, since tsx would wrap a function's inner names in a helper the page lacks.)
  const fcp = (await page.evaluate(`new Promise((done) => {
    const entry = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    if (entry() !== undefined) return done(entry());
    new PerformanceObserver(() => done(entry() ?? NaN)).observe({ type: 'paint', buffered: true });
  })`)) as number;
  await context.close();
  return { fcp, table };
}

if (!existsSync(CHROMIUM)) {
  console.log(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium): nothing measured`);
  process.exit(0);
}
const dataDir = mkdtempSync(join(tmpdir(), 'schemagate-bench-console-'));
await fill(dataDir);
const server = await startListening(['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', dataDir]);
const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(staticPage()));
await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
try {
  const session = await fetch(`${server.url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bench' }) });
  const value = /schemagate_session=([^;]+)/.exec(session.headers.get('set-cookie') ?? '')![1];
  const cookie = { name: 'schemagate_session', value, url: server.url };
  const consoleUrl = `${server.url}/ui/#/subjects`;
  await measure(browser, consoleUrl, cookie); // warms the server's caches and Chromium's process pool: not counted
  await measure(browser, bareUrl);
  const runs = { console: [] as Array<{ fcp: number; table: number }>, bare: [] as Array<{ fcp: number; table: number }> };
  for (let round = 0; round < ROUNDS; round++) {
    runs.console.push(await measure(browser, consoleUrl, cookie));
    runs.bare.push(await measure(browser, bareUrl));
  }
  const m = (rs: typeof runs.console, key: 'fcp' | 'table') => median(rs.map((r) => r[key]));
  console.log(`\nconsole with ${SUBJECTS.toLocaleString('en')} subjects, ${ROUNDS} alternating rounds in fresh Chromium contexts, medians`);
  console.log(`first contentful paint: ${m(runs.console, 'fcp').toFixed(0)} ms (bare static page ${m(runs.bare, 'fcp').toFixed(0)} ms)`);
  console.log(`subject table on screen: ${m(runs.console, 'table').toFixed(0)} ms (bare static page ${m(runs.bare, 'table').toFixed(0)} ms); target < 1000 ms`);
  console.log(`bare ÷ console, table on screen: ${(m(runs.bare, 'table') / m(runs.console, 'table')).toFixed(2)}`);
  reportFigures({
    firstPaintMs: m(runs.console, 'fcp'),
    tableMs: m(runs.console, 'table'),
    bareFirstPaintMs: m(runs.bare, 'fcp'),
    bareTableMs: m(runs.bare, 'table'),
  });
} finally {
  await browser.close();
  bare.close();
  server.stop();
  await server.exited;
}
