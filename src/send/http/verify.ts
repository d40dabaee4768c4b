/**
 * Discord signs every interaction it POSTs with the application's Ed25519 key: the signature in
 * `X-Signature-Ed25519` covers `X-Signature-Timestamp` followed by the raw body. It is checked on
 * the bytes as received, before anything is parsed; a stale timestamp is refused too, so a
 * captured request cannot be replayed later.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** How old a signed request may be (and how far in the future, for clock skew). */
export const MAX_AGE_MS = 5 * 60_000;

/** DER header of an Ed25519 SubjectPublicKeyInfo; the portal gives the 32 raw key bytes in hex. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The portal's "Public Key" (64 hex digits) as a key object; throws on anything else. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('expected the 64 hex digits of the application’s public key');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export type Verdict = 'ok' | 'missing' | 'bad-signature' | 'stale';

export function verifyInteraction(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  now = Date.now(),
): Verdict {
  if (!signature || !timestamp) return 'missing';
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'bad-signature';
  let ok: boolean;
  try {
    ok = verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    ok = false;
  }
  if (!ok) return 'bad-signature';
  // Checked after the signature, so the timestamp is the one Discord signed.
  if (Math.abs(now - Number(timestamp) * 1000) > MAX_AGE_MS) return 'stale';
  return 'ok';
}
