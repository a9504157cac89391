import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ConsoleAsset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The console's own files, shipped in the package beside src/ and dist/ (three levels up from here in both). */
const UI_DIR = new URL('../../../ui/', import.meta.url);

/** The browser libraries, served from the package's own dependencies: nothing is fetched from a CDN, so the console works air-gapped. */
const VENDOR: Record<string, string> = {
  'preact.mjs': 'preact',
  'hooks.mjs': 'preact/hooks',
  'htm.mjs': 'htm',
};

/** Bare specifiers the vendored modules import, mapped for the browser by an import map. */
export const IMPORT_MAP = JSON.stringify({ imports: { preact: '/ui/vendor/preact.mjs', 'preact/hooks': '/ui/vendor/hooks.mjs', htm: '/ui/vendor/htm.mjs' } });

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function asset(name: string, body: Buffer): ConsoleAsset {
  const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/**
 * Every file the console serves, read once at start-up into memory (a few
 * dozen kilobytes): a request can only name a file in this map, so no path
 * reaches the file system. Keys are URL paths under /ui/.
 */
export function loadConsoleAssets(): { files: Map<string, ConsoleAsset>; indexHtml: ConsoleAsset; csp: string } {
  const files = new Map<string, ConsoleAsset>();
  const dir = fileURLToPath(UI_DIR);
  for (const name of readdirSync(dir)) {
    if (name === 'index.html' || !TYPES[name.slice(name.lastIndexOf('.'))]) continue;
    files.set(`assets/${name}`, asset(name, readFileSync(new URL(name, UI_DIR))));
  }
  for (const [name, specifier] of Object.entries(VENDOR)) {
    files.set(`vendor/${name}`, asset(name, readFileSync(new URL(import.meta.resolve(specifier)))));
  }
  const html = readFileSync(new URL('index.html', UI_DIR), 'utf8').replace('<!--IMPORT_MAP-->', `<script type="importmap">${IMPORT_MAP}</script>`);
  // The one inline script is the import map: allowed by its hash, so every other inline script stays refused.
  const mapHash = createHash('sha256').update(IMPORT_MAP).digest('base64');
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'sha256-${mapHash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  return { files, indexHtml: asset('index.html', Buffer.from(html)), csp };
}
