/**
 * The node back end: node:crypto and node:zlib, every call synchronous. HMACs are two one-shot digests
 * where the runtime has them (one-shot-hmac.ts), else `createHmac`; verification compares MAC bytes with
 * `timingSafeEqual`, never with `===`.
 */
import { decodeBase64Url, isCanonicalBase64Url } from '../base64url.js';
import { PayloadError } from '../errors.js';
import { inflatedTooLarge } from '../zlib/inflate.js';
import type { DeflateEffort, SyncSigningBackend } from './backend.js';
import type { DerivedKey } from './derived-key.js';
import { requireNodeCrypto, requireNodeZlib } from './runtime.js';

/** zlib's default level, what Django writes (`zlib.compress(data)`). */
export const DEFAULT_LEVEL = 6;
/**
 * The level of `compress: 'fast'` on node:zlib: markedly faster than level 6 on session-sized JSON for a
 * few more bytes (bench/RESULTS.md, "Figures behind the comments").
 */
export const FAST_LEVEL = 2;

export function signNode(key: DerivedKey, message: string): string {
  const oneShot = key.oneShot();
  if (oneShot) return oneShot.sign(message);
  return requireNodeCrypto('Signing').createHmac(key.algorithm, key.node()).update(message).digest('base64url');
}

export function verifyNode(key: DerivedKey, message: string, signature: string): boolean {
  const crypto = requireNodeCrypto('Verifying');
  // Strict form first: a signature with other spare bits or padding is refused without an HMAC.
  const oneShot = key.oneShot();
  if (oneShot) return isCanonicalBase64Url(signature) && oneShot.verify(message, signature);
  const given = decodeBase64Url(signature);
  if (given === undefined) return false;
  const expected = crypto.createHmac(key.algorithm, key.node()).update(message).digest();
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** zlib's smallest and largest window (`windowBits`), and the lookahead it keeps out of reach of matches. */
const MIN_WINDOW_BITS = 9;
const MAX_WINDOW_BITS = 15;
const MIN_LOOKAHEAD = 262;

/**
 * The smallest window that still reaches back to the start of `length` bytes: the same matches, so the
 * same compressed bytes but for the header's window size. zlib clears its window and history tables
 * on every call, which on a cookie costs more than compressing it, and they scale with the window.
 */
export function windowBitsFor(length: number): number {
  let bits = MIN_WINDOW_BITS;
  while (bits < MAX_WINDOW_BITS && 1 << bits < length + MIN_LOOKAHEAD) bits++;
  return bits;
}

export function deflateNode(data: Uint8Array, effort: DeflateEffort): Uint8Array {
  const zlib = requireNodeZlib('deflate');
  // Django's level keeps zlib's default window too, so its bytes are Django's exactly.
  if (effort === 'default') return zlib.deflateSync(data, { level: DEFAULT_LEVEL });
  return zlib.deflateSync(data, { level: FAST_LEVEL, windowBits: windowBitsFor(data.length) });
}

export function inflateNode(data: Uint8Array, limit: number): Uint8Array {
  const zlib = requireNodeZlib('inflate');
  let result: { buffer: Uint8Array; engine: { bytesWritten: number } };
  try {
    result = zlib.inflateSync(data, { maxOutputLength: limit, info: true }) as unknown as typeof result;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw inflatedTooLarge(limit);
    throw new PayloadError('Payload is not a complete zlib stream.');
  }
  // node:zlib stops at the end of the stream and ignores what follows; bytesWritten is what it consumed.
  if (result.engine.bytesWritten !== data.length) throw new PayloadError('Payload has bytes after the zlib stream.');
  return result.buffer;
}

export const nodeBackend: SyncSigningBackend = {
  name: 'node',
  sign: signNode,
  verify: verifyNode,
  deflate: deflateNode,
  inflate: inflateNode,
};
