/**
 * Unpadded URL-safe base64 (RFC 4648 §5), as Django writes it.
 *
 * Decoding is strict where Python's is lenient: only `[A-Za-z0-9_-]`, no padding, no length ≡ 1 (mod 4),
 * and the unused low bits of the last character must be zero, so every byte string has exactly one
 * accepted spelling. Django never emits anything else, so this refuses nothing Django writes.
 *
 * Two implementations with identical results (a property test pins both to the rule spelled out), chosen
 * once when this module loads: node's Buffer where the runtime has it, whatever the crypto back end,
 * since it is only a faster encoder; `btoa`/`atob` elsewhere.
 */
import { nodeBuffer } from './crypto/runtime.js';

const ALPHABET = /^[A-Za-z0-9_-]*$/;
const CHAR_VALUE = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) {
  CHAR_VALUE[c.charCodeAt(0)] = i;
}

/** True if `text` is the one canonical unpadded base64url spelling of some byte string. */
export function isCanonicalBase64Url(text: string): boolean {
  const rem = text.length % 4;
  if (rem === 1 || !ALPHABET.test(text)) return false;
  if (rem === 0) return true;
  // 2 chars carry 12 bits for 8 (4 spare), 3 chars carry 18 bits for 16 (2 spare): spare bits must be 0.
  const last = CHAR_VALUE[text.charCodeAt(text.length - 1)] ?? -1;
  return (last & (rem === 2 ? 0x0f : 0x03)) === 0;
}

interface Base64Url {
  encode(bytes: Uint8Array): string;
  /** Canonical unpadded base64url to bytes; undefined for anything else. */
  decode(text: string): Uint8Array | undefined;
}

const portable: Base64Url = {
  encode(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
  decode(text) {
    if (!isCanonicalBase64Url(text)) return undefined;
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  },
};

function withBuffer(NodeBuffer: typeof Buffer): Base64Url {
  return {
    encode: (bytes) => NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url'),
    decode(text) {
      // Node decodes leniently (skips other characters, takes "+", "/" and padding); encoding the bytes
      // again gives their one canonical spelling, so equality means exactly "canonical", checked in half
      // the time of the alphabet regex on a cookie payload.
      const bytes = NodeBuffer.from(text, 'base64url');
      return bytes.toString('base64url') === text ? bytes : undefined;
    },
  };
}

const base64url: Base64Url = nodeBuffer ? withBuffer(nodeBuffer.Buffer) : portable;

export const encodeBase64Url: (bytes: Uint8Array) => string = base64url.encode;
/** Decodes canonical unpadded base64url; returns undefined for anything else. */
export const decodeBase64Url: (text: string) => Uint8Array | undefined = base64url.decode;
