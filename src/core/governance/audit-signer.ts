import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs audit entries with a key held outside the database (`audit.keyFile`):
 * an HMAC-SHA256 of each entry's hash, stored beside it. Whoever can write
 * the database but not read the key cannot forge an entry, nor chain the
 * log again after an edit, without `verify` naming it.
 */
export interface AuditSigner {
  sign(hash: string): string;
  verify(hash: string, mac: string | undefined): boolean;
  /** Entries before this one were recorded before the key was set, and are not expected to be signed. */
  readonly signedFrom: number;
}

export function auditSigner(key: Buffer, signedFrom = 1): AuditSigner {
  const sign = (hash: string) => createHmac('sha256', key).update(hash).digest('hex');
  return {
    signedFrom,
    sign,
    verify: (hash, mac) => {
      if (mac === undefined || !/^[0-9a-f]{64}$/.test(mac)) return false;
      return timingSafeEqual(Buffer.from(sign(hash), 'hex'), Buffer.from(mac, 'hex'));
    },
  };
}
