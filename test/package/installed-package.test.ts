import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import * as source from '../../src/index.ts';
import { startServer, tempDir } from '../helpers/start-server.ts';

/**
 * The package as a user gets it: `npm pack` (which builds dist/ through
 * `prepare`), the tarball unpacked into a fresh project's node_modules the
 * way npm installs it, and that project compiled with tsc under
 * `module: nodenext` and run with plain node — ESM and CommonJS — and the
 * installed bin serving. The dependencies are linked from this checkout's
 * node_modules rather than downloaded: tests stay off the network.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

let consumer: string;
let entries: string[];

before(() => {
  const packDir = tempDir('schemagate-pack-');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  entries = packed.files.map((f) => f.path);
  consumer = tempDir('schemagate-consumer-');
  const modules = join(consumer, 'node_modules');
  mkdirSync(join(modules, 'schemagate'), { recursive: true });
  execFileSync('tar', ['xzf', join(packDir, packed.filename), '-C', join(modules, 'schemagate'), '--strip-components=1']);
  for (const dep of [...Object.keys(PACKAGE.dependencies), '@types/node']) {
    mkdirSync(join(modules, dep, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep), 'dir');
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { schemagate: PACKAGE.version } }));
});

describe('the installed package', () => {
  it('holds what users run — the build, the bin, the console, the docs — and no tests, benchmarks, CI or sources', () => {
    for (const wanted of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/engine/engine-worker.js', 'bin/schemagate.js', 'README.md', 'package.json']) {
      assert.ok(entries.includes(wanted), `${wanted} is in the tarball`);
    }
    assert.ok(entries.includes('ui/index.html') && entries.includes('ui/app.js'), 'the console ships');
    const stray = entries.filter((path) => !/^(dist|bin|docs|ui)\//.test(path) && !['README.md', 'package.json', 'npm-shrinkwrap.json'].includes(path));
    assert.deepEqual(stray, []);
    // Test code compiled into the build would import node:test at run time.
    const withTests = entries.filter((path) => path.startsWith('dist/') && path.endsWith('.js') && readFileSync(join(consumer, 'node_modules/schemagate', path), 'utf8').includes('node:test'));
    assert.deepEqual(withTests, []);
  });

  it('pins its dependencies for installs from npm (npm-shrinkwrap.json), every one installable on this Node with --engine-strict', () => {
    // `overrides` only apply in this checkout; a dependent's npm honours the shrinkwrap that ships in the tarball.
    assert.ok(entries.includes('npm-shrinkwrap.json'));
    const shrinkwrap = JSON.parse(readFileSync(join(consumer, 'node_modules/schemagate/npm-shrinkwrap.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } }> };
    const semver = createRequire(join(ROOT, 'package.json'))('semver') as { satisfies(v: string, range: string): boolean };
    const refused = Object.entries(shrinkwrap.packages)
      .filter(([path, p]) => path !== '' && !p.dev && p.engines?.node && !semver.satisfies(process.version, p.engines.node))
      .map(([path, p]) => `${path} wants node ${p.engines!.node}`);
    assert.deepEqual(refused, []);
  });

  it('compiles in a TypeScript project with module nodenext and default strictness, and runs with plain node (ESM)', () => {
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', outDir: 'out', strict: true, skipLibCheck: true, types: ['node'] }, include: ['app.ts'] }),
    );
    writeFileSync(
      join(consumer, 'app.ts'),
      [
        "import { SchemaRegistryClient, SchemaRegistryError, SchemaValidationError, type SchemaValidationReport } from 'schemagate';",
        'const registry = SchemaRegistryClient.fromEnv({ env: {} });',
        "const orders = await registry.register('orders', { type: 'object', properties: { id: { type: 'string' } } });",
        "const report: SchemaValidationReport | undefined = await registry.lastValidation('orders');",
        "const bytes = await registry.encode('orders', { id: 'o-1' });",
        'const decoded = (await registry.decode(bytes)) as { id: string };',
        "const errors = [SchemaRegistryError, SchemaValidationError].every((c) => typeof c === 'function');",
        'console.log(JSON.stringify({ kind: registry.kind, version: orders.version, compatible: report?.compatible, decoded: decoded.id, errors }));',
      ].join('\n'),
    );
    const tsc = spawnSync(process.execPath, [TSC, '-p', consumer], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    const run = spawnSync(process.execPath, [join(consumer, 'out/app.js')], { cwd: consumer, encoding: 'utf8', env: withoutLoaders() });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { kind: 'memory', version: 1, compatible: true, decoded: 'o-1', errors: true });
  });

  it('exports to plain node exactly what the sources export, and answers require() from CommonJS', () => {
    writeFileSync(join(consumer, 'keys.mjs'), "console.log(JSON.stringify(Object.keys(await import('schemagate')).sort()));");
    const esm = spawnSync(process.execPath, [join(consumer, 'keys.mjs')], { cwd: consumer, encoding: 'utf8', env: withoutLoaders() });
    assert.equal(esm.status, 0, esm.stderr);
    assert.deepEqual(JSON.parse(esm.stdout), Object.keys(source).sort());
    writeFileSync(join(consumer, 'app.cjs'), "const { SchemaRegistryClient } = require('schemagate');\nconsole.log(SchemaRegistryClient.fromEnv({ env: {} }).kind);");
    const cjs = spawnSync(process.execPath, [join(consumer, 'app.cjs')], { cwd: consumer, encoding: 'utf8', env: withoutLoaders() });
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.equal(cjs.stdout.trim(), 'memory');
  });

  it('runs its bin from the build: --version, and a server whose schema engine works', async () => {
    const bin = join(consumer, 'node_modules/schemagate/bin/schemagate.js');
    assert.equal(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim(), PACKAGE.version);
    const server = await startServer({ bin, args: ['--store', 'memory'] });
    try {
      const res = await fetch(`${server.url}/subjects/p/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message P { string id = 1; }' }),
      });
      assert.equal(res.status, 200, await res.text());
      // The console is served from the installed package: its page, its scripts, and Preact from the package's own dependencies.
      for (const path of ['/ui/', '/ui/assets/app.js', '/ui/vendor/preact.mjs', '/ui/vendor/hooks.mjs', '/ui/vendor/htm.mjs']) {
        assert.equal((await fetch(`${server.url}${path}`)).status, 200, path);
      }
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

/** The environment without a TypeScript loader: what runs must be the build. */
function withoutLoaders(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...rest } = process.env;
  return rest;
}
