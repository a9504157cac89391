import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { send } from './reliability-helpers.ts';

/**
 * Password checks turned against the server: timing that tells names apart,
 * a flood of wrong passwords that delays everyone, guessing without end.
 */
const USERS = Array.from({ length: 10 }, (_, i) => `user${i}`);
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}` });
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

let server: RunningServer;
before(async () => {
  const dir = tempDir();
  const users = [...USERS, 'victim', 'bystander'].map((name) => `    - { name: ${name}, passwordHash: "${hashPassword(`${name}-pw`)}", roles: [reader] }`);
  writeFileSync(
    join(dir, 'schemagate.yaml'),
    ['auth:', '  enabled: true', '  signIn: { maxFailuresPerUser: 5, maxFailuresPerAddress: 1000, window: 1m }', '  users:', ...users].join('\n'),
  );
  server = await startServer({ dataDir: dir, args: ['--config', join(dir, 'schemagate.yaml')] });
});
after(async () => {
  await server.stop();
});

it('takes as long to refuse an unknown user as a wrong password', async (t) => {
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const user of USERS) {
      const a = await send(server.url, 'GET', '/subjects', undefined, basic(`nobody-${round}-${user}`, 'guess'));
      const b = await send(server.url, 'GET', '/subjects', undefined, basic(user, `guess-${round}`));
      assert.deepEqual([a.status, b.status], [401, 401]);
      assert.equal(a.text, b.text, 'the same answer for both');
      unknown.push(a.ms);
      wrong.push(b.ms);
    }
  }
  const [u, w] = [median(unknown), median(wrong)];
  t.diagnostic(`median refusal: unknown user ${u.toFixed(1)} ms, known user with a wrong password ${w.toFixed(1)} ms (ratio ${(Math.max(u, w) / Math.min(u, w)).toFixed(2)})`);
  assert.ok(Math.max(u, w) / Math.min(u, w) < 2, 'within 2× of each other');
});

it('signs a user in while 200 wrong passwords for another are in flight, in the time of a few password checks, not of the queue', async (t) => {
  // One password check on this machine, now: the bound scales with it, so a busy CI machine does not fail a fair queue.
  const checks: number[] = [];
  for (let i = 0; i < 3; i++) checks.push((await send(server.url, 'GET', '/subjects', undefined, basic('bystander', `not-it-${i}`))).ms);
  const check = median(checks);
  // The attacker is another process, with 200 connections of its own.
  const attacker = spawn(process.execPath, ['-e', FLOOD, server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let report = '';
  attacker.stdout.on('data', (chunk) => (report += chunk));
  const finished = new Promise((done) => attacker.once('exit', done));
  await new Promise<void>((started) => attacker.stdout.once('data', () => started()));
  const login = await send(server.url, 'GET', '/subjects', undefined, basic('bystander', 'bystander-pw'), true);
  await finished;
  const byStatus = JSON.parse(report.slice(report.indexOf('{'))) as Record<string, number>;
  t.diagnostic(
    `valid sign-in during the flood: ${login.status} in ${login.ms.toFixed(0)} ms (one password check: ${check.toFixed(0)} ms); the flood was answered ${Object.entries(byStatus).map(([s, n]) => `${s}×${n}`).join(' ')}`,
  );
  assert.equal(login.status, 200);
  // Served behind the flood's queue it would wait ~100 checks (200 guesses, 2 at a time); fairly, a few.
  assert.ok(login.ms < Math.max(200, 10 * check), `${login.ms.toFixed(0)} ms, one check ${check.toFixed(0)} ms`);
  assert.ok(byStatus['429'] > 0, 'the flood meets the limit');
  const limited = await send(server.url, 'GET', '/subjects', undefined, basic('victim', 'wrong-again'));
  assert.equal(limited.status, 429);
  assert.match(String(limited.headers['retry-after']), /^\d+$/);
  assert.equal(JSON.parse(limited.text).error_code, 42901);
  // The right password is refused too while the name is locked out: guessing cannot go on behind a success.
  assert.equal((await send(server.url, 'GET', '/subjects', undefined, basic('victim', 'victim-pw'))).status, 429);
});

/** 200 concurrent wrong passwords for `victim`, each on its own connection; prints "started" once they are all sent, then the answers by status. */
const FLOOD = `
const http = require('node:http');
const url = new URL(process.argv[1]);
const auth = (i) => 'Basic ' + Buffer.from('victim:wrong-' + i).toString('base64');
const counts = {};
let pending = 200;
for (let i = 0; i < 200; i++) {
  const req = http.request({ host: url.hostname, port: url.port, path: '/subjects', agent: false, headers: { authorization: auth(i) } }, (res) => {
    res.resume();
    res.on('end', () => { counts[res.statusCode] = (counts[res.statusCode] || 0) + 1; if (--pending === 0) process.stdout.write(JSON.stringify(counts)); });
  });
  req.on('error', () => { counts.error = (counts.error || 0) + 1; if (--pending === 0) process.stdout.write(JSON.stringify(counts)); });
  req.end();
}
setTimeout(() => process.stdout.write('started '), 30);
`;

it('refuses credentials with control characters, even after the right password', async () => {
  assert.equal((await send(server.url, 'GET', '/subjects', undefined, basic('user9', 'user9-pw'))).status, 200);
  for (const password of ['user9-pw\u0000', 'user9-pw\n', '\u0000user9-pw']) {
    const res = await send(server.url, 'GET', '/subjects', undefined, basic('user9', password));
    assert.equal(res.status, 401, JSON.stringify(password));
    assert.match(JSON.parse(res.text).message, /control characters/);
  }
  assert.equal((await send(server.url, 'GET', '/subjects', undefined, basic('user\u00009', 'user9-pw'))).status, 401);
});
