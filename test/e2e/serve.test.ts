import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, startServer, tempDir } from '../helpers/start-server.ts';

async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('schemagate serve', () => {
  it('prints one ready line with the URL, keeps its SQLite file under the data dir, and stops cleanly on SIGTERM and SIGINT', async () => {
    const dataDir = tempDir();
    const server = await startServer({ dataDir });
    assert.match(server.output(), /^schemagate listening on http:\/\/127\.0\.0\.1:\d+ \(store: sqlite .*registry\.db, validation mode: canary, auth: off\)\n$/);
    assert.ok(existsSync(join(dataDir, 'registry.db')));
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok', store: 'sqlite' });
    assert.equal(await server.stop(), 0);

    const again = await startServer({ dataDir });
    again.child.kill('SIGINT');
    assert.equal(await new Promise((done) => again.child.once('exit', done)), 0);
  });

  it('stops when the `npx schemagate serve` a supervisor launched gets SIGTERM: the port is free within 5 s', async () => {
    // npm runs the bin through a shell that does not pass the signal on; the server notices its launcher is gone.
    const npx = spawn('npx', ['schemagate', 'serve', '--port', '0', '--data-dir', tempDir()], { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npx.stdout.on('data', (d) => (out += d));
    npx.stderr.on('data', (d) => (out += d));
    const port = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ready line within 60 s:\n${out}`)), 60_000);
      npx.stdout.on('data', () => {
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      });
    });
    const stoppedAt = Date.now();
    npx.kill('SIGTERM');
    let free = false;
    while (!free && Date.now() - stoppedAt < 5000) {
      await new Promise((r) => setTimeout(r, 100));
      free = await new Promise<boolean>((done) => {
        const probe = createServer().once('error', () => done(false));
        probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
      });
    }
    assert.ok(free, `port ${port} still held ${Date.now() - stoppedAt} ms after SIGTERM to npx:\n${out}`);
  });

  it('keeps serving after its parent exits when started in the background of an npm script', async () => {
    const dir = tempDir();
    const log = join(dir, 'serve.log');
    // What `"start-bg": "schemagate serve &"` does: the shell exits at once, the server runs on.
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" serve --port 0 --store memory > "${log}" 2>&1 & echo $!`], {
      encoding: 'utf8',
      env: { ...process.env, npm_command: 'run-script' },
    });
    const pid = Number(shell.stdout.trim());
    try {
      let url: string | undefined;
      for (let i = 0; i < 100 && !url; i++) {
        await new Promise((r) => setTimeout(r, 100));
        url = existsSync(log) ? /listening on (http:\/\/\S+)/.exec(readFileSync(log, 'utf8'))?.[1] : undefined;
      }
      assert.ok(url, 'the server started');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await fetch(`${url}/subjects`)).status, 200, 'still serving after its parent is gone');
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  });

  it('keeps every registration that was answered 200 across kill -9', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await post(`${first.url}/subjects/durable-${i % 5}/versions`, {
        schema: JSON.stringify({ type: 'record', name: `R${i}`, fields: [{ name: 'f', type: 'string' }] }),
      });
      assert.equal(res.status, 200);
      ids.push(res.body.id);
    }
    await first.kill();

    const second = await startServer({ dataDir });
    try {
      for (const id of ids) {
        const res = await fetch(`${second.url}/schemas/ids/${id}`);
        assert.equal(res.status, 200, `schema ${id} survived`);
      }
      assert.deepEqual(await (await fetch(`${second.url}/subjects/durable-4/versions`)).json(), [1, 2, 3, 4, 5]);
      // Ids continue after the last one handed out.
      const next = await post(`${second.url}/subjects/after/versions`, { schema: '"string"' });
      assert.equal(next.body.id, Math.max(...ids) + 1);
    } finally {
      await second.stop();
    }
  });

  it('applies a YAML config file, and flags override it', async () => {
    const dir = tempDir();
    const config = join(dir, 'schemagate.yaml');
    writeFileSync(config, 'server: { port: 1 }\nregistry: { compatibility: FULL, validationMode: strict, incompatibleErrorCode: 40901 }\n');
    const server = await startServer({ dataDir: dir, args: ['--config', config] });
    try {
      assert.match(server.output(), /validation mode: strict/);
      assert.equal(((await (await fetch(`${server.url}/config`)).json()) as any).compatibilityLevel, 'FULL');
      // Strict from the configuration is unaudited until an audit entry records it.
      const unaudited = await post(`${server.url}/subjects/s/versions`, { schema: JSON.stringify({ type: 'record', name: 'R', fields: [] }) });
      assert.equal(unaudited.body.error_code, 40950);
      assert.match(unaudited.body.message, /strict because of the global validation mode, which no audit entry records/);
      const recorded = await post(`${server.url}/governance/audit-log`, { user: 'ops', global: true, schemaBundleSha: '0'.repeat(64), changeRequest: 'ops/1', validationWindow: 'none' });
      assert.equal(recorded.status, 200);
      await post(`${server.url}/subjects/s/versions`, { schema: JSON.stringify({ type: 'record', name: 'R', fields: [] }) });
      const refused = await post(`${server.url}/subjects/s/versions`, { schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'int' }] }) });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error_code, 40901);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start, with exit code 2 and a message, on an invalid validation mode or config', () => {
    const dir = tempDir();
    const badEnv = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dir], {
      env: { ...process.env, QMTL_SCHEMA_VALIDATION_MODE: 'sometimes' },
      encoding: 'utf8',
    });
    assert.equal(badEnv.status, 2);
    assert.match(badEnv.stderr, /QMTL_SCHEMA_VALIDATION_MODE: unknown validation mode "sometimes"; use canary or strict/);

    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'registry: { compatibility: SIDEWAYS }\n');
    const badFile = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--config', config], { encoding: 'utf8' });
    assert.equal(badFile.status, 2);
    assert.match(badFile.stderr, /registry\.compatibility: unknown level "SIDEWAYS"/);

    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, 'auth: { enable: true }\n');
    const badKey = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--config', typo], { encoding: 'utf8' });
    assert.equal(badKey.status, 2);
    assert.match(badKey.stderr, /unknown key 'auth\.enable'; did you mean 'auth\.enabled'\?/);

    const help = spawnSync(process.execPath, [BIN, 'serve', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--data-dir <dir>/);
  });

  it('says why it cannot listen, with exit code 2, for any bad host or port', async () => {
    const dir = tempDir();
    const serve = (...args: string[]) => spawnSync(process.execPath, [BIN, 'serve', '--data-dir', dir, ...args], { encoding: 'utf8', timeout: 30_000 });
    const badPort = serve('--port', '99999');
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /^schemagate: --port must be an integer from 0 to 65535, got "99999"\n$/);

    const running = await startServer();
    try {
      const inUse = serve('--port', new URL(running.url).port);
      assert.equal(inUse.status, 2);
      assert.match(inUse.stderr, /^schemagate: cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
    } finally {
      await running.stop();
    }

    const config = join(dir, 'auth.yaml');
    writeFileSync(config, `auth:\n  enabled: true\n  users:\n    - { name: ci, tokenHash: "sha256$${'a'.repeat(64)}", roles: [reader] }\n`);
    const foreign = serve('--config', config, '--host', '192.0.2.1', '--port', '0');
    assert.equal(foreign.status, 2);
    assert.match(foreign.stderr, /^schemagate: cannot listen on 192\.0\.2\.1:0: no interface of this machine has that address/);
    assert.doesNotMatch(foreign.stderr, /\n\s+at /, 'no stack trace');
  });

  it('listens on the IPv6 loopback written as in a URL, [::1]', async (t) => {
    const probe = createServer();
    const available = await new Promise<boolean>((done) => probe.once('error', () => done(false)).listen(0, '::1', () => probe.close(() => done(true))));
    if (!available) return t.skip('this machine has no IPv6 loopback');
    const server = await startServer({ args: ['--host', '[::1]'] });
    try {
      assert.match(server.url, /^http:\/\/\[::1\]:\d+$/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.stop();
    }
  });
});
