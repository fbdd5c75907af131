/**
 * zlib (RFC 1950) as Django uses it: compress only when it saves at least 2 bytes (the "." marker costs
 * one), and inflate only what a signature already vouched for, bounded in size and with nothing after
 * the stream, identically on node:zlib and on DecompressionStream.
 */
import { PayloadError, PayloadTooLarge } from './errors.js';
import { requireNodeZlib } from './runtime.js';

/** Decompressed payloads larger than this are refused (DESIGN.md decision 5). */
export const MAX_INFLATED_BYTES = 64 * 1024;

/** Django's rule: use the compressed form only if `len(compressed) < len(data) - 1`. */
export function worthCompressing(original: number, compressed: number): boolean {
  return compressed < original - 1;
}

export function deflateSync(data: Uint8Array): Uint8Array {
  return requireNodeZlib('deflate').deflateSync(data);
}

function tooLarge(limit: number): PayloadTooLarge {
  return new PayloadTooLarge(`Payload inflates to more than ${limit} bytes.`);
}

export function inflateSync(data: Uint8Array, limit = MAX_INFLATED_BYTES): Uint8Array {
  const zlib = requireNodeZlib('inflate');
  let result: { buffer: Uint8Array; engine: { bytesWritten: number } };
  try {
    result = zlib.inflateSync(data, { maxOutputLength: limit, info: true }) as unknown as typeof result;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new PayloadError('Payload is not a complete zlib stream.');
  }
  // node:zlib stops at the end of the stream and ignores what follows; bytesWritten is what it consumed.
  if (result.engine.bytesWritten !== data.length) throw new PayloadError('Payload has bytes after the zlib stream.');
  return result.buffer;
}

async function pipe(data: Uint8Array, stream: TransformStream<Uint8Array, Uint8Array>, limit: number): Promise<Uint8Array> {
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
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export async function deflateWeb(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('deflate') as TransformStream<Uint8Array, Uint8Array>, Infinity);
}

async function inflatesCompletely(data: Uint8Array, limit: number): Promise<Uint8Array | undefined> {
  try {
    return await pipe(data, new DecompressionStream('deflate') as TransformStream<Uint8Array, Uint8Array>, limit);
  } catch (error) {
    if (error instanceof PayloadTooLarge) throw error;
    return undefined;
  }
}

export async function inflateWeb(data: Uint8Array, limit = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  const out = await inflatesCompletely(data, limit);
  if (!out) throw new PayloadError('Payload is not a complete zlib stream.');
  // Some DecompressionStream implementations ignore bytes after the stream. A stream that ends exactly at
  // the last byte cannot be complete without that byte, so if the input minus one byte still inflates,
  // something followed the stream.
  if (data.length > 0 && (await inflatesCompletely(data.subarray(0, data.length - 1), limit))) {
    throw new PayloadError('Payload has bytes after the zlib stream.');
  }
  return out;
}
