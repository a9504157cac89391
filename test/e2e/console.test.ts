import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { chromiumMissing, launchChromium, tabTo, unnamedControls } from '../helpers/browser.ts';
import { cli, closedObject, registerJson, workspace } from '../helpers/cli.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * The governance console end to end: a real `schemagate serve` with auth
 * on, a real Chromium driven by playwright-core, one browser context per
 * person. The author works from the CLI, the approvers and the operator in
 * the console, with the keyboard where the runbook's path goes.
 */
const SKIP = chromiumMissing();
const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const PASSWORDS: Record<string, string> = { alice: 'alice pw 1', dana: 'dana pw 2', sam: 'sam pw 3', wendy: 'wendy pw 4', root: 'root pw 5' };
const ROLES: Record<string, string[]> = { alice: ['author'], dana: ['data-platform'], sam: ['strategy-owner'], wendy: ['writer'], root: ['admin'] };

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Each person's console tab, by user name. */
const pages = new Map<string, Page>();

const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}` });
const asUser = (user: string) => ({ SCHEMAGATE_USER: user, SCHEMAGATE_PASSWORD: PASSWORDS[user] });

async function call(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...basic(user), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A change request made the author's way: schema files in a directory, `schemagate cr create`, then `cr dry-run`. */
function createFromCli(files: Record<string, unknown>, title: string, extra: string[] = []): string {
  const dir = workspace(Object.fromEntries(Object.entries(files).map(([subject, schema]) => [`schemas/${subject}.schema.json`, schema])));
  const reg = ['--registry', server.url];
  const created = cli(['cr', 'create', 'schemas', '--title', title, '--reference', 'https://git.example/pr/7', '--json', ...extra, ...reg], { cwd: dir, env: asUser('alice') });
  assert.equal(created.status, 0, created.stderr);
  const id = String(created.json.id);
  const dry = cli(['cr', 'dry-run', id, ...reg], { env: asUser('alice') });
  assert.equal(dry.status, 0, dry.stderr + dry.stdout);
  return id;
}

/** A person at their own browser: a fresh context (its own cookies), signed in with the keyboard only. */
async function signIn(user: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => assert.fail(`script error in ${user}'s console: ${err.message}`));
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Sign in to the governance console' }).waitFor();
  await tabTo(page, (el) => el.id === 'user');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORDS[user]);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  pages.set(user, page);
  return page;
}

/** Follows a link by focusing it with Tab and pressing Enter. */
async function followLink(page: Page, name: RegExp): Promise<void> {
  await tabTo(page, (el) => el.tag === 'a' && name.test(el.label));
  await page.keyboard.press('Enter');
}

/** Opens a console route afresh (a new document, so nothing is left from the last visit). */
async function open(page: Page, route: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}/ui/#/${route}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

before(async () => {
  if (SKIP) return;
  const dir = tempDir();
  const config = join(dir, 'schemagate.yaml');
  writeFileSync(
    config,
    [
      'auth:',
      '  enabled: true',
      '  users:',
      ...Object.keys(PASSWORDS).map((u) => `    - { name: ${u}, passwordHash: "${hashPassword(PASSWORDS[u])}", roles: [${ROLES[u].join(', ')}] }`),
      'governance: { minCanaryWindow: 1h }',
    ].join('\n'),
  );
  server = await startServer({ args: ['--config', config], timeTravel: true });
  browser = await launchChromium();
});
after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  if (server) assert.equal(await server.stop(), 0);
});

describe('the governance console, in a real Chromium', { skip: SKIP }, () => {
  let orders: string;
  let customers: string;

  it('approvers find the change request in their inbox, read the flagged diff and approve with notes; the author sees why they cannot', async () => {
    const registered = [
      await registerJson(server.url, 'orders-value', closedObject({ id: { type: 'string' }, price: { type: 'number' } }, ['id']), basic('wendy')),
      await registerJson(server.url, 'payments-value', closedObject({ id: { type: 'string' }, amount: { type: 'number' } }, ['id']), basic('wendy')),
    ];
    for (const r of registered) assert.equal(r.status, 200, JSON.stringify(r.body));
    orders = createFromCli(
      {
        'orders-value': closedObject({ id: { type: 'string' }, price: { type: 'number' }, coupon: { type: 'string' } }, ['id']),
        'payments-value': closedObject({ id: { type: 'string' } }, ['id']),
      },
      'Orders take a coupon; payments drop amount',
      ['--major-change', 'payments-value'],
    );

    const dana = await signIn('dana');
    await dana.getByText(`Change request ${orders}: Orders take a coupon`).waitFor();
    // The console's activity feed shows the events the webhooks get, as the same sentences.
    const activity = dana.getByRole('list', { name: 'Recent governance events, newest first' });
    await activity.getByText(`Change request #${orders} “Orders take a coupon; payments drop amount” awaits approval from data-platform and strategy-owner`).waitFor();
    await activity.getByText(/opened by alice \(orders-value, payments-value\)$/).waitFor();
    assert.deepEqual(await unnamedControls(dana), [], 'every control of the inbox has an accessible name');
    await screenshot(dana, 'inbox');
    await followLink(dana, new RegExp(`^Change request ${orders}:`));
    await dana.getByRole('heading', { name: new RegExp(`^Change request ${orders}:`), level: 1 }).waitFor();
    // The diff: each subject beside the registry's latest version, each difference flagged with rule id, message and verdict.
    const ordersDiff = dana.getByRole('table', { name: 'orders-value: registry version beside the proposal' });
    await ordersDiff.waitFor();
    assert.match(await ordersDiff.innerText(), /"coupon"/);
    assert.match(await ordersDiff.innerText(), /compatible\s+\S+/);
    const paymentsDiff = dana.getByRole('table', { name: 'payments-value: registry version beside the proposal' });
    const paymentsText = await paymentsDiff.innerText();
    assert.match(paymentsText, /declared major\s+[A-Z_]+/, 'the declared major change is flagged as such, with its rule id');
    assert.doesNotMatch(paymentsText, /\bbreaking\b/, 'nothing in a declared major is flagged as an undeclared break');
    assert.match(await dana.locator('main').innerText(), /Still missing: data-platform, strategy-owner/);
    assert.deepEqual(await unnamedControls(dana), [], 'every control of the change request page has an accessible name');
    await screenshot(dana, 'change-request');

    // Approve with the keyboard: to the notes, type, to the button, Enter.
    await tabTo(dana, (el) => el.id === 'approve-notes');
    await dana.keyboard.type('Checked the coupon default with the orders team.');
    await tabTo(dana, (el) => el.id === 'approve');
    await dana.keyboard.press('Enter');
    await dana.getByText('Approved.').waitFor();
    await dana.getByRole('cell', { name: 'Checked the coupon default with the orders team.' }).waitFor();
    assert.match(await dana.locator('main').innerText(), /Still missing: strategy-owner/);

    // The author: approve is there but disabled, with the API's reason.
    const alice = await signIn('alice');
    await open(alice, `change-requests/${orders}`);
    const approve = alice.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    assert.equal(await approve.isDisabled(), true);
    const reason = await alice.locator('#approve-reason').innerText();
    assert.match(reason, /alice/);
    assert.match(reason, /may not approve change requests/);
    assert.equal(await approve.getAttribute('aria-describedby'), 'approve-reason', 'the reason is the button’s description in the accessibility tree');

    const sam = await signIn('sam');
    await followLink(sam, new RegExp(`^Change request ${orders}:`));
    await sam.getByRole('button', { name: 'Approve as strategy-owner' }).waitFor();
    await tabTo(sam, (el) => el.id === 'approve-notes');
    await sam.keyboard.type('Payments consumers moved to v2 last sprint.');
    await tabTo(sam, (el) => el.id === 'approve');
    await sam.keyboard.press('Enter');
    await sam.getByText('Approved.').waitFor();
    await sam.getByText('Every required approval is in.').waitFor();

    const shown = await call('root', 'GET', `/governance/change-requests/${orders}`);
    assert.equal(shown.body.state, 'approved');
    assert.deepEqual(
      shown.body.approvals.map((a: any) => [a.role, a.user, a.authenticated, a.notes]),
      [
        ['data-platform', 'dana', true, 'Checked the coupon default with the orders team.'],
        ['strategy-owner', 'sam', true, 'Payments consumers moved to v2 last sprint.'],
      ],
    );
  });

  it('the author applies from the console; the canary countdown runs and a failure shows on the change request page', async () => {
    const alice = pages.get('alice')!;
    await open(alice, `change-requests/${orders}`);
    await alice.getByRole('button', { name: 'Apply (start the canary)' }).click();
    await alice.getByText('Applied: the canary window has started.').waitFor();
    const timer = alice.getByRole('timer', { name: 'Canary window remaining' });
    const first = await timer.innerText();
    assert.match(first, /^(59m|1h 00m) \d\ds$/);
    // The countdown runs: its text changes within a few seconds.
    const deadline = Date.now() + 5000;
    while ((await timer.innerText()) === first) {
      assert.ok(Date.now() < deadline, `the countdown stayed at ${first}`);
      await new Promise((done) => setTimeout(done, 200));
    }

    // A writer registers a breaking schema into the canary: it lands (canary) and is recorded as a failure.
    const bad = await registerJson(server.url, 'orders-value', closedObject({ id: { type: 'string' } }, ['id']), basic('wendy'));
    assert.equal(bad.status, 200, JSON.stringify(bad.body));
    const dana = pages.get('dana')!;
    await open(dana, `change-requests/${orders}`);
    const failures = dana.getByRole('table', { name: /^Validation failures in the window \(1\)/ });
    await failures.waitFor();
    const row = await failures.innerText();
    assert.match(row, /orders-value/);
    assert.match(row, new RegExp(`\\b${bad.body.version}\\b`));
    assert.match(row, /wendy/);
    assert.match(await dana.locator('#promote-reason').innerText(), /saw 1 incompatible registration/);
    assert.equal(await dana.getByRole('button', { name: 'Promote to strict' }).isDisabled(), true);
  });

  it('a clean change request is promoted from the console and its row shows in the audit page with a verified chain', async () => {
    assert.equal((await registerJson(server.url, 'customers-value', closedObject({ id: { type: 'string' } }, ['id']), basic('wendy'))).status, 200);
    customers = createFromCli({ 'customers-value': closedObject({ id: { type: 'string' }, email: { type: 'string' } }, ['id']) }, 'Customers get an email');
    assert.equal((await call('dana', 'POST', `/governance/change-requests/${customers}/approvals`, { role: 'data-platform', notes: 'ok' })).status, 200);
    assert.equal((await call('sam', 'POST', `/governance/change-requests/${customers}/approvals`, { role: 'strategy-owner', notes: 'ok' })).status, 200);
    assert.equal((await call('alice', 'POST', `/governance/change-requests/${customers}/apply`)).status, 200);

    let dana = pages.get('dana')!;
    await open(dana, `change-requests/${customers}`);
    assert.equal(await dana.getByRole('button', { name: 'Promote to strict' }).isDisabled(), true);
    assert.match(await dana.locator('#promote-reason').innerText(), /window/);

    server.timeTravel();
    // 49 hours on, the session has expired (12 h at most): the console asks to sign in again.
    await open(dana, '');
    await dana.getByRole('heading', { name: 'Sign in to the governance console' }).waitFor();
    dana = await signIn('dana');
    // The inbox now holds the promotable canary and the failing one, and every page shows the banner.
    await dana.getByText(`Change request ${customers}: Customers get an email`).waitFor();
    const inbox = await dana.getByRole('list', { name: 'Items that need you' }).innerText();
    assert.match(inbox, /window has passed with no failures: promote it/);
    assert.match(inbox, /canary saw 1 validation failure/);
    await open(dana, 'subjects');
    await dana.getByRole('status').getByText(/need you/).waitFor();

    await open(dana, `change-requests/${customers}`);
    await dana.getByText('window passed').waitFor();
    await tabTo(dana, (el) => el.id === 'promote-notes');
    await dana.keyboard.type('No failures in the window.');
    await tabTo(dana, (el) => el.id === 'promote');
    await dana.keyboard.press('Enter');
    await dana.getByText('Promoted to strict; the audit log has its entry.').waitFor();

    await followLink(dana, /^Audit log$/);
    await dana.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await dana.getByText('chain verified').waitFor();
    const table = await dana.getByRole('table', { name: /entr(y|ies), oldest first/ }).innerText();
    assert.match(table, /customers-value/);
    assert.match(table, /No failures in the window\./);
    assert.match(table, /dana/);
    const head = (await call('root', 'GET', '/governance/audit-log/verify')).body.headHash;
    assert.match(await dana.locator('main').innerText(), new RegExp(head));
    assert.equal((await call('root', 'GET', '/governance/subjects/customers-value')).body.validationMode, 'strict');
    // Export as Markdown: the runbook's table, downloaded with the session.
    const [download] = await Promise.all([dana.waitForEvent('download'), dana.getByRole('link', { name: 'Export as Markdown' }).click()]);
    assert.equal(download.suggestedFilename(), 'audit-log.md');
    const markdown = readFileSync((await download.path())!, 'utf8');
    assert.match(markdown, /\| Date \|/);
    const { bundleSha } = (await call('root', 'GET', `/governance/change-requests/${customers}`)).body;
    assert.match(markdown, new RegExp(`\\| ${bundleSha} \\| https://git.example/pr/7 \\| 49h canary \\| No failures in the window\\. \\|`));
  });

  it("a subject's page lists it with its badges, diffs two versions with flags, and charts its failures", async () => {
    const dana = pages.get('dana')!;
    await followLink(dana, /^Subjects$/);
    await dana.getByRole('heading', { name: 'Subjects', level: 1 }).waitFor();
    await tabTo(dana, (el) => el.id === 'subject-search');
    await dana.keyboard.type('orders');
    await dana.getByRole('table', { name: /1 subject matching/ }).waitFor();
    const listed = await dana.getByRole('row', { name: /orders-value/ }).innerText();
    assert.match(listed, /canary/);
    assert.match(listed, /BACKWARD/);
    await followLink(dana, /^orders-value$/);
    await dana.getByRole('heading', { name: 'orders-value', level: 1 }).waitFor();
    await dana.getByRole('img', { name: /Validation failures per day/ }).waitFor();
    await dana.getByRole('combobox', { name: 'From version' }).selectOption('2');
    await dana.getByRole('combobox', { name: 'To version' }).selectOption('3');
    await dana.getByRole('button', { name: 'Show the diff' }).click();
    const diff = dana.getByRole('table', { name: 'orders-value: version 2 beside version 3' });
    await diff.waitFor();
    assert.match(await diff.innerText(), /breaking\s+[A-Z_]+/, 'the removed property is flagged breaking');
    assert.deepEqual(await unnamedControls(dana), [], 'every control of the subject page has an accessible name');
    await screenshot(dana, 'subject-diff');
  });
});
