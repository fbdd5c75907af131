/**
 * Counters on the real crypto primitives (node:crypto, our one-shot HMAC over it, and Web Crypto), to
 * prove where HMACs and key derivations happen and where they do not. The real functions still run; only
 * calls are counted.
 */

import { OneShotHmac, oneShotHmacFor } from '../../src/signing/crypto/one-shot-hmac.js';

const nodeCrypto = (
  process as unknown as { getBuiltinModule: (id: string) => Record<string, unknown> }
).getBuiltinModule('node:crypto');
const subtle = globalThis.crypto.subtle as unknown as Record<string, unknown>;

export interface Counts {
  hmac: number;
  derive: number;
  compare: number;
}

const counts: Counts = { hmac: 0, derive: 0, compare: 0 };

function wrap(target: Record<string, unknown>, name: string, counter: keyof Counts): void {
  const original = target[name] as (...args: unknown[]) => unknown;
  target[name] = function counted(this: unknown, ...args: unknown[]) {
    counts[counter]++;
    return original.apply(this, args);
  };
}

// The one-time check that crypto.hash reproduces createHmac runs now, so no count below includes it.
oneShotHmacFor('sha256', new Uint8Array(32));

wrap(nodeCrypto, 'createHmac', 'hmac');
wrap(OneShotHmac.prototype as unknown as Record<string, unknown>, 'sign', 'hmac');
wrap(OneShotHmac.prototype as unknown as Record<string, unknown>, 'verify', 'hmac');
wrap(nodeCrypto, 'createHash', 'derive');
wrap(nodeCrypto, 'timingSafeEqual', 'compare');
wrap(subtle, 'sign', 'hmac');
wrap(subtle, 'verify', 'hmac');
wrap(subtle, 'importKey', 'derive');

/** Runs `fn` and returns how many primitives it called. */
export async function counting(fn: () => unknown): Promise<Counts> {
  const before = { ...counts };
  await fn();
  return {
    hmac: counts.hmac - before.hmac,
    derive: counts.derive - before.derive,
    compare: counts.compare - before.compare,
  };
}
