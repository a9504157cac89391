// `schemagate check --samples` against validating the same NDJSON records
// with ajv directly (read the file in chunks, JSON.parse, ajv validate), in
// the same run (target: ratio >= 0.8). Then the real CLI as a subprocess on
// 10x fewer and on all the records, with V8's old space capped at 48 MiB:
// it only finishes if what it keeps does not grow with the file (constant
// memory); its peak RSS is printed for both.
//
//   node --import tsx bench/check-samples.ts [records]
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { checkCommand } from '../src/cli/commands/check.ts';
import { reportFigures } from './figures.ts';

const RECORDS = Number(process.argv[2] ?? 1_000_000);
const BIN = resolve(import.meta.dirname, '../bin/schemagate.js');

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    id: { type: 'string' },
    account: { type: 'string', minLength: 1 },
    side: { enum: ['buy', 'sell'] },
    qty: { type: 'integer', minimum: 0 },
    price: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'account', 'side', 'qty', 'price'],
  additionalProperties: false,
};

async function writeRecords(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    // One record in a thousand is invalid, so both sides do the error path too.
    const line = JSON.stringify({ id: `o-${i}`, account: `acct-${i % 97}`, side: i % 2 ? 'buy' : 'sell', qty: i % 1000 === 0 ? -1 : i % 500, price: 100 + (i % 13) / 8, tags: ['a', 'b'] });
    if (!out.write(`${line}\n`)) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done) => out.end(() => done()));
}

/** The baseline: the plainest fast loop anyone would write, with ajv compiled once. */
async function ajvDirect(path: string): Promise<{ ms: number; invalid: number }> {
  const validate = new Ajv2020({ allErrors: false, strict: false }).compile(schema);
  const started = performance.now();
  let invalid = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line !== '' && !validate(JSON.parse(line))) invalid++;
  }
  if (rest !== '' && !validate(JSON.parse(rest))) invalid++;
  return { ms: performance.now() - started, invalid };
}

async function schemagateCheck(dir: string, path: string): Promise<{ ms: number; invalid: number }> {
  const started = performance.now();
  const write = process.stdout.write.bind(process.stdout);
  let captured = '';
  process.stdout.write = ((chunk: string) => ((captured += chunk), true)) as typeof process.stdout.write;
  try {
    // --offline: the schema file and the samples only, no registry to compare with (this measures the samples).
    await checkCommand([join(dir, 'orders.schema.json')], { samples: [path], json: true, offline: true });
  } finally {
    process.stdout.write = write;
  }
  return { ms: performance.now() - started, invalid: JSON.parse(captured).subjects[0].samples.invalid };
}

/** The CLI as a subprocess; its peak resident memory from /proc while it runs. */
function peakRss(dir: string, path: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'check', join(dir, 'orders.schema.json'), '--samples', path, '--json', '--offline'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, QMTL_SCHEMA_REGISTRY_URL: '', NODE_OPTIONS: '--max-old-space-size=48' } });
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
      } catch {
        // the process is gone
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code !== 2 && code !== 0) fail(new Error(`check exited with ${code}`));
      else done(peak);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
writeFileSync(join(dir, 'orders.schema.json'), JSON.stringify(schema));
const small = join(dir, 'small.ndjson');
const large = join(dir, 'large.ndjson');
await writeRecords(small, Math.ceil(RECORDS / 10));
await writeRecords(large, RECORDS);
console.log(`${RECORDS.toLocaleString('en')} records, ${(statSync(large).size / 1e6).toFixed(0)} MB`);

// Alternate three rounds each and keep the best, so neither side pays the warm-up alone.
const best = { ajv: Infinity, check: Infinity };
for (let round = 0; round < 3; round++) {
  const a = await ajvDirect(large);
  const c = await schemagateCheck(dir, large);
  if (a.invalid !== c.invalid) throw new Error(`the two disagree: ajv found ${a.invalid} invalid, check ${c.invalid}`);
  best.ajv = Math.min(best.ajv, a.ms);
  best.check = Math.min(best.check, c.ms);
}
const rate = (ms: number) => Math.round(RECORDS / (ms / 1000)).toLocaleString('en');
console.log(`ajv directly:       ${rate(best.ajv)} records/s (${best.ajv.toFixed(0)} ms)`);
console.log(`schemagate check:   ${rate(best.check)} records/s (${best.check.toFixed(0)} ms)`);
console.log(`ratio check / ajv:  ${(best.ajv / best.check).toFixed(2)} (target >= 0.8)`);
const [smallRss, largeRss] = [await peakRss(dir, small), await peakRss(dir, large)];
console.log(`CLI, old space capped at 48 MiB, peak RSS: ${(smallRss / 2 ** 20).toFixed(0)} MiB on ${Math.ceil(RECORDS / 10).toLocaleString('en')} records, ${(largeRss / 2 ** 20).toFixed(0)} MiB on ${RECORDS.toLocaleString('en')}`);
reportFigures({ ratio: best.ajv / best.check, largeRssMiB: largeRss / 2 ** 20 });
