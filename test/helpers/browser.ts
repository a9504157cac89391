import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, which .ci/run does); never a downloaded browser. */
export const CHROMIUM = process.env.SCHEMAGATE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a headless Chromium on a closed network: no background connections, no sandbox as root. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** The focused element's accessible description, for keyboard walks: its role-ish tag, id and text. */
async function focused(page: Page): Promise<{ tag: string; id: string; label: string }> {
  // A string, not a function: the page has the DOM, this file's types do not, and tsx would wrap a function's inner names in a helper the page lacks.
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el) return { tag: '', id: '', label: '' };
    const labelled = el.id ? document.querySelector('label[for="' + el.id + '"]')?.textContent ?? '' : '';
    return { tag: el.tagName.toLowerCase(), id: el.id, label: (labelled || el.getAttribute('aria-label') || el.textContent || '').trim() };
  })()`);
}

/**
 * Presses Tab until the focused element matches, as a keyboard-only user
 * would reach it; fails after `max` presses, so an unreachable control is
 * a test failure, not a hang.
 */
export async function tabTo(page: Page, match: (el: { tag: string; id: string; label: string }) => boolean, max = 80): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (match(el)) return;
    seen.push(`${el.tag}#${el.id}:${el.label.slice(0, 30)}`);
  }
  throw new Error(`no focusable element matched after ${max} Tab presses; focus went through: ${seen.join(' | ')}`);
}

/**
 * Controls without an accessible name in the page's accessibility tree (the
 * aria snapshot Chromium reports): every button, field, select and link on
 * the console's paths must say what it is.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree.split('\n').filter((line) => /^\s*- (button|textbox|combobox|link|checkbox|searchbox)( \[[^\]]*\])*:?$/.test(line));
}
