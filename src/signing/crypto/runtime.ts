/**
 * Runtime detection, the only place that looks for node: modules (and never with a static import).
 *
 * `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno) hands out node:crypto and node:zlib synchronously
 * without a static import, so this package still loads on Workers and in browsers, where the sync API
 * then fails with `RuntimeUnsupported` and the async API runs on Web Crypto and CompressionStream.
 */
import type * as NodeCrypto from 'node:crypto';
import type * as NodeZlib from 'node:zlib';
import type * as NodeBuffer from 'node:buffer';
import { RuntimeUnsupported } from '../errors.js';

type BuiltinLoader = (id: string) => unknown;

const loadBuiltin: BuiltinLoader | undefined = (globalThis as { process?: { getBuiltinModule?: BuiltinLoader } })
  .process?.getBuiltinModule;

function tryLoad<T>(id: string): T | undefined {
  try {
    return loadBuiltin?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

export const nodeCrypto: typeof NodeCrypto | undefined = tryLoad<typeof NodeCrypto>('node:crypto');
export const nodeZlib: typeof NodeZlib | undefined = tryLoad<typeof NodeZlib>('node:zlib');
export const nodeBuffer: typeof NodeBuffer | undefined = tryLoad<typeof NodeBuffer>('node:buffer');

export function requireNodeCrypto(operation: string): typeof NodeCrypto {
  if (nodeCrypto) return nodeCrypto;
  throw new RuntimeUnsupported(
    `${operation} is synchronous and needs node:crypto, which this runtime does not provide; use its async form (the same name prefixed with "a").`,
  );
}

export function requireNodeZlib(operation: string): typeof NodeZlib {
  if (nodeZlib) return nodeZlib;
  throw new RuntimeUnsupported(
    `${operation} is synchronous and needs node:zlib, which this runtime does not provide; use its async form (the same name prefixed with "a").`,
  );
}
