import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Stored secrets. Passwords are scrypt hashes (slow on purpose, salted);
 * bearer tokens are random 256-bit strings, so a SHA-256 of the token is
 * enough and lets a request be matched without trying every user.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

const PASSWORD_HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;
const TOKEN_HASH = /^sha256\$([0-9a-f]{64})$/;

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function isPasswordHash(value: string): boolean {
  const match = PASSWORD_HASH.exec(value);
  return match !== null && Number(match[1]) >= 1024 && Buffer.from(match[5], 'base64url').length >= 16;
}

/** Compares in constant time; runs scrypt off the event loop. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = PASSWORD_HASH.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt, hash] = match;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  return timingSafeEqual(actual, expected);
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** `sha256$<hex>` of a bearer token. */
export function hashToken(token: string): string {
  return `sha256$${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

export function isTokenHash(value: string): boolean {
  return TOKEN_HASH.test(value);
}
