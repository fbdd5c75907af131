/**
 * The web back end: Web Crypto for HMACs (async), CompressionStream for zlib at Django's level, and the
 * plain-JS codecs of `zlib/` for the fast compressor and for inflating (DecompressionStream costs far more
 * per cookie and some implementations ignore bytes after the stream).
 */
import { decodeBase64Url, encodeBase64Url } from '../base64url.js';
import { deflateJs } from '../zlib/deflate.js';
import { inflateJs } from '../zlib/inflate.js';
import type { DeflateEffort, SigningBackend } from './backend.js';
import type { DerivedKey } from './derived-key.js';

const encoder = new TextEncoder();

export async function signWeb(key: DerivedKey, message: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key.webKey() ?? (await key.web()), encoder.encode(message));
  return encodeBase64Url(new Uint8Array(mac));
}

export async function verifyWeb(key: DerivedKey, message: string, signature: string): Promise<boolean> {
  // Strict decoding makes the check equivalent to Django's comparison of base64 text: a signature with
  // different spare bits or padding decodes to nothing and is refused.
  const given = decodeBase64Url(signature);
  if (!given) return false;
  return crypto.subtle.verify(
    'HMAC',
    key.webKey() ?? (await key.web()),
    given as Uint8Array<ArrayBuffer>,
    encoder.encode(message),
  );
}

/** zlib at level 6 with CompressionStream (Django's bytes where the zlib builds agree). */
export async function deflateStream(data: Uint8Array): Promise<Uint8Array> {
  const stream = new (compressionStream())('deflate') as TransformStream<Uint8Array, Uint8Array>;
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
 * CompressionStream, reached through `globalThis`: Next.js's Edge runtime refuses to build code that names
 * it, and defines it there as a function that throws.
 */
const compressionStream = () => (globalThis as { CompressionStream: typeof CompressionStream }).CompressionStream;

function compressionStreamWorks(): boolean {
  try {
    new (compressionStream())('deflate');
    return true;
  } catch {
    return false;
  }
}

let streamDeflate: boolean | undefined;

/** Level 6 through CompressionStream where it works; elsewhere the plain-JS zlib stream, which Django reads too. */
function deflateWeb(data: Uint8Array, effort: DeflateEffort): Uint8Array | Promise<Uint8Array> {
  return effort === 'fast' || !(streamDeflate ??= compressionStreamWorks()) ? deflateJs(data) : deflateStream(data);
}

export const webBackend: SigningBackend = {
  name: 'web',
  sign: signWeb,
  verify: verifyWeb,
  deflate: deflateWeb,
  inflate: inflateJs,
};
