/**
 * zlib (RFC 1950) as Django uses it: compress only when it saves at least 2 bytes (the "." marker costs
 * one), and inflate only what a signature already vouched for, bounded in size and with nothing after
 * the stream. node:zlib where it exists; elsewhere CompressionStream for Django's level and the plain-JS
 * `deflateFast`/`inflate` for speed.
 */
import { PayloadError } from './errors.js';
import { inflate, inflatedTooLarge } from './inflate.js';
import { requireNodeZlib } from './runtime.js';

/** Decompressed payloads larger than this are refused (docs/design.md decision 5). */
export const MAX_INFLATED_BYTES = 64 * 1024;

/** Django's rule: use the compressed form only if `len(compressed) < len(data) - 1`. */
export function worthCompressing(original: number, compressed: number): boolean {
  return compressed < original - 1;
}

/** zlib's default level, what Django writes (`zlib.compress(data)`). */
export const DEFAULT_LEVEL = 6;
/**
 * The level of `compress: 'fast'` on node:zlib: markedly faster than level 6 on session-sized JSON for a
 * few more bytes (bench/RESULTS.md, "Figures behind the comments").
 */
export const FAST_LEVEL = 2;

export function deflateSync(data: Uint8Array, level = DEFAULT_LEVEL): Uint8Array {
  return requireNodeZlib('deflate').deflateSync(data, { level });
}

export function inflateSync(data: Uint8Array, limit = MAX_INFLATED_BYTES): Uint8Array {
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

/** zlib at level 6 on runtimes without node:zlib: CompressionStream (Django's bytes where the zlib builds agree). */
export async function deflateWeb(data: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate') as TransformStream<Uint8Array, Uint8Array>;
  const writer = stream.writable.getWriter();
  // Errors surface through the reader; the writer's own promises are observed to avoid unhandled rejections.
  writer.write(data).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Inflates on runtimes without node:zlib, with the plain-JS decoder: DecompressionStream costs far more
 * per stream than the decoding, and some implementations ignore bytes after the stream.
 */
export function inflateWeb(data: Uint8Array, limit = MAX_INFLATED_BYTES): Uint8Array {
  return inflate(data, limit);
}
