/**
 * HMAC (RFC 2104) from two one-shot `crypto.hash` calls over key pads prepared once per key:
 * `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message))`.
 *
 * Why not `createHmac`: it builds a stream-capable object and prepares the key on every call, which at
 * cookie sizes costs more than the hashing. Two one-shot digests are faster (bench/RESULTS.md, "Figures
 * behind the comments"), provided no Buffer is made per digest, which costs about as much as the gain:
 * the inner digest is passed on as a latin1 ('binary') string, and the MAC being verified is written into
 * a buffer kept per key. Used only where `crypto.hash` exists and
 * reproduces `createHmac` (`oneShotHmacFor`); elsewhere `createHmac` stays.
 */
import type { Buffer } from 'node:buffer';
import type * as NodeCrypto from 'node:crypto';
import type { Algorithm } from './keys.js';
import { nodeBuffer, nodeCrypto } from './runtime.js';

const BLOCK_BYTES: Record<Algorithm, number> = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 };
/**
 * The longest message kept in the per-key buffer, in UTF-8 bytes (a 4096-character cookie is at most
 * 12 KiB). Longer messages are hashed as a stream over the same pads, so one huge value cannot leave a
 * huge buffer behind for the life of the key.
 */
export const MAX_KEPT_MESSAGE_BYTES = 16 * 1024;
const DIGEST_BYTES: Record<Algorithm, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export class OneShotHmac {
  readonly #algorithm: Algorithm;
  readonly #crypto: typeof NodeCrypto;
  readonly #Buffer: typeof Buffer;
  readonly #block: number;
  /** (K ⊕ ipad) followed by room for the message; grows up to `MAX_KEPT_MESSAGE_BYTES` of it. */
  #inner: Buffer;
  /** (K ⊕ opad) followed by the inner digest. */
  readonly #outer: Buffer;
  /** The MAC being verified, and the one given; never handed out. */
  readonly #expected: Buffer;
  readonly #given: Buffer;
  /** Length of the MAC as unpadded base64url. */
  readonly #textLength: number;

  constructor(algorithm: Algorithm, key: Uint8Array, crypto: typeof NodeCrypto, BufferClass: typeof Buffer) {
    this.#algorithm = algorithm;
    this.#crypto = crypto;
    this.#Buffer = BufferClass;
    const block = BLOCK_BYTES[algorithm];
    this.#block = block;
    const k = key.length > block ? crypto.hash(algorithm, key, 'buffer') : key;
    this.#inner = BufferClass.alloc(block + 512, 0x36);
    this.#outer = BufferClass.alloc(block + DIGEST_BYTES[algorithm], 0x5c);
    this.#expected = BufferClass.alloc(DIGEST_BYTES[algorithm]);
    this.#given = BufferClass.alloc(DIGEST_BYTES[algorithm]);
    this.#textLength = Math.ceil((DIGEST_BYTES[algorithm] * 4) / 3);
    for (let i = 0; i < k.length; i++) {
      this.#inner[i]! ^= k[i]!;
      this.#outer[i]! ^= k[i]!;
    }
  }

  /** The MAC of the UTF-8 bytes of `message` as unpadded base64url, as `createHmac` gives it. */
  sign(message: string): string {
    return this.#crypto.hash(this.#algorithm, this.#outerInput(message), 'base64url');
  }

  /**
   * True if `signature`, canonical unpadded base64url (the caller checks that), is the MAC of `message`.
   * The bytes are compared in constant time (`timingSafeEqual`), both held in buffers kept per key.
   */
  verify(message: string, signature: string): boolean {
    if (signature.length !== this.#textLength) return false;
    this.#given.write(signature, 0, 'base64url');
    this.#expected.write(this.#crypto.hash(this.#algorithm, this.#outerInput(message), 'binary'), 0, 'latin1');
    return this.#crypto.timingSafeEqual(this.#given, this.#expected);
  }

  /** Bytes held for this key's buffers: bounded whatever messages it has seen. */
  get retainedBytes(): number {
    return this.#inner.length + this.#outer.length + this.#expected.length + this.#given.length;
  }

  #outerInput(message: string): Buffer {
    this.#outer.write(this.#innerDigest(message), this.#block, 'latin1');
    return this.#outer;
  }

  /** H((K ⊕ ipad) ‖ message) as a latin1 string. */
  #innerDigest(message: string): string {
    const block = this.#block;
    // A UTF-16 unit is at most 3 bytes of UTF-8: with this room `write` can never truncate the message.
    const room = message.length * 3;
    if (room > MAX_KEPT_MESSAGE_BYTES) {
      return this.#crypto
        .createHash(this.#algorithm)
        .update(this.#inner.subarray(0, block))
        .update(message, 'utf8')
        .digest('binary');
    }
    if (this.#inner.length < block + room) this.#grow(block + room);
    const length = this.#inner.write(message, block);
    return this.#crypto.hash(this.#algorithm, this.#inner.subarray(0, block + length), 'binary');
  }

  #grow(size: number): void {
    const bigger = this.#Buffer.alloc(
      Math.min(Math.max(size, this.#inner.length * 2), this.#block + MAX_KEPT_MESSAGE_BYTES),
    );
    this.#inner.copy(bigger, 0, 0, this.#block);
    this.#inner = bigger;
  }
}

let available: boolean | undefined;

/**
 * The one-shot HMAC for a key, or undefined where `crypto.hash` is missing or does not reproduce
 * `createHmac` (checked once, for every algorithm, on a message with non-ASCII characters and a lone
 * surrogate, long enough to grow the buffer, and one longer than the buffer keeps).
 */
export function oneShotHmacFor(algorithm: Algorithm, key: Uint8Array): OneShotHmac | undefined {
  const crypto = nodeCrypto;
  const BufferClass = nodeBuffer?.Buffer;
  if (!crypto || !BufferClass || typeof crypto.hash !== 'function') return undefined;
  available ??= selfTest(crypto, BufferClass);
  return available ? new OneShotHmac(algorithm, key, crypto, BufferClass) : undefined;
}

function selfTest(crypto: typeof NodeCrypto, BufferClass: typeof Buffer): boolean {
  try {
    const key = BufferClass.from('self-test key, longer than nothing');
    const message = `payload:1a2b3c \u00e9\u4e2d\ud83d\ude00 \ud800 ${'x'.repeat(600)}`;
    const long = `${message}${'y'.repeat(Math.ceil(MAX_KEPT_MESSAGE_BYTES / 3))}`;
    return (Object.keys(BLOCK_BYTES) as Algorithm[]).every((algorithm) => {
      const mac = new OneShotHmac(algorithm, key, crypto, BufferClass);
      return [message, long].every((m) => {
        const expected = crypto.createHmac(algorithm, key).update(m).digest();
        return mac.sign(m) === expected.toString('base64url') && mac.verify(m, expected.toString('base64url'));
      });
    });
  } catch {
    return false;
  }
}
