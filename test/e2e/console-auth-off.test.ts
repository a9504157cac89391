import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium, unnamedControls } from '../helpers/browser.ts';
import { closedObject, registerJson } from '../helpers/cli.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/**
 * The loopback console with auth off: it asks who you act as and labels
 * what it records unauthenticated, as the API does. And a page of another
 * origin on the same machine, in the same browser, cannot make it write.
 */
const SKIP = chromiumMissing();
let server: RunningServer;
let browser: Browser;
let attacker: Server;
let attackerUrl: string;

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

before(async () => {
  if (SKIP) return;
  server = await startServer();
  browser = await launchChromium();
  // Another site on loopback (another port: the same "site" to SameSite, another origin to CORS), whose pages try to write.
  attacker = createServer((req, res) => {
    const target = `${server.url}/governance/change-requests/1/approvals`;
    const pages: Record<string, string> = {
      '/form': `<form id="f" method="POST" action="${target}" enctype="text/plain"><input name='{"role":"strategy-owner","notes":"pwned","x":"' value='"}'></form><script>document.getElementById('f').submit()</script>`,
      '/fetch': `<script>fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ role: 'strategy-owner', notes: 'pwned' }) }).finally(() => { document.title = 'sent'; });</script>`,
    };
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>x</title>${pages[req.url ?? ''] ?? ''}`);
  });
  await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
after(async () => {
  await browser?.close();
  attacker?.close();
  if (server) assert.equal(await server.stop(), 0);
});

describe('the loopback console with auth off', { skip: SKIP }, () => {
  it('asks who you act as, records the approval as unauthenticated, and refuses a cross-site page writing with your session', async () => {
    assert.equal((await registerJson(server.url, 'events-value', closedObject({ id: { type: 'string' } }, ['id']))).status, 200);
    const cr = await call('POST', '/governance/change-requests', {
      user: 'alice',
      title: 'Events get a source',
      reference: 'https://git.example/pr/9',
      schemas: [{ subject: 'events-value', schemaType: 'JSON', schema: JSON.stringify(closedObject({ id: { type: 'string' }, source: { type: 'string' } }, ['id'])) }],
    });
    assert.equal(cr.id, 1);
    assert.equal((await call('POST', '/governance/change-requests/1/dry-run', { user: 'alice' })).state, 'dry-run-passed');

    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(err.message));
    await page.goto(`${server.url}/`);
    await page.getByText(/Authentication is off/).waitFor();
    assert.equal(await page.getByLabel('Password').count(), 0, 'no password is asked for');
    await page.getByLabel('User').fill('dana');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Change request 1: Events get a source').waitFor();
    assert.match(await page.locator('header').innerText(), /Signed in as dana[\s\S]*unauthenticated/);
    await page.getByRole('link', { name: /^Change request 1:/ }).click();
    // Auth off trusts every role the acting user claims: dana may approve in either missing role, and picks one.
    const role = page.getByRole('combobox', { name: 'Approve as' });
    await role.selectOption('data-platform');
    await page.getByRole('textbox', { name: 'Reviewer notes' }).fill('Looks right.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved.').waitFor();
    await page.getByRole('cell', { name: 'dana (unauthenticated)' }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);

    // The same browser, with dana's session cookie, visits another site's pages that try to approve.
    const other = await context.newPage();
    await other.goto(`${attackerUrl}/form`);
    await other.waitForLoadState('networkidle');
    await other.goto(`${attackerUrl}/fetch`);
    await other.waitForFunction("document.title === 'sent'");
    const after = await call('GET', '/governance/change-requests/1');
    assert.deepEqual(
      after.approvals.map((a: any) => [a.role, a.user, a.authenticated]),
      [['data-platform', 'dana', false]],
      'no approval came from the other site',
    );
    assert.equal(after.state, 'dry-run-passed');
    await context.close();
  });
});
