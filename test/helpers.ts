/** Shared test helpers: the Django vectors, frozen clocks and the three ways every operation runs. */
import { readFileSync } from 'node:fs';
import type { CryptoBackend } from '../src/signing/crypto/backend.js';
import type { Vector } from './vector.js';

export type { Vector } from './vector.js';

export const vectors: Vector[] = (
  JSON.parse(readFileSync(new URL('./fixtures/django-3.2-public.json', import.meta.url), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

/** A clock frozen at `seconds` (Django's float `time.time()`), in ms as the library expects. */
export const frozen = (seconds: number) => (): number => seconds * 1000;

/** Every async test runs once per crypto back end: node:crypto and Web Crypto forced. */
export const BACKENDS: readonly CryptoBackend[] = ['node', 'web'];

/** A sync run plus one async run per back end; `run` gets the back end or undefined for sync. */
export const MODES: readonly { name: string; backend: CryptoBackend | undefined }[] = [
  { name: 'sync', backend: undefined },
  ...BACKENDS.map((backend) => ({ name: `async ${backend}`, backend })),
];

/** A session secret of the required length, for tests that do not care which. */
export const SECRET = 'test-only-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';

/** Python's `==` on decoded JSON: numbers compare by value (so -0.0 == 0 and 1.0 == 1), objects ignore key order. */
export function pythonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pythonEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(
        (k) => Object.hasOwn(b, k) && pythonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return a === b;
}

/** The value `fn` returns or the error it throws, sync or async, for tests that expect either. */
export async function settle<T>(fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
}
