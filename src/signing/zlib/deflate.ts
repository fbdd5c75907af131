/**
 * A zlib (RFC 1950) compressor in plain JavaScript for cookie-sized payloads, used by `compress: 'fast'`
 * where node:zlib is missing: greedy LZ77 matching against the last position seen with the same 4 bytes,
 * one block of DEFLATE's fixed Huffman codes (RFC 1951 §3.2.6).
 *
 * Why: setting up a CompressionStream costs far more than compressing a cookie; this is faster even than
 * node:zlib, which spends much of a small call setting up its stream (figures in bench/RESULTS.md). Fixed
 * codes need no code tables in the output and no tree building, and JSON's repetition is mostly in the
 * matches. One candidate per position instead of a hash chain, and only a match's last position indexed:
 * a few per cent more bytes than eight candidates with every position indexed, for half the time. The
 * output is a standard zlib stream that Python's `zlib.decompress` (so Django) and every inflater read; it
 * is larger than zlib's level 6 on JSON, so a token that would be too long is compressed again at level 6
 * (see `encodeObject` in object-codec.ts).
 */
import { adler32, DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA, reverseBits } from './format.js';

const MIN_MATCH = 4;
const MAX_MATCH = 258;
const WINDOW = 32768;
const HASH_BITS = 12;

/** The hash-table slot of the 4 bytes at `i` (Fibonacci hashing). */
function hash4(data: Uint8Array, i: number): number {
  return (
    Math.imul(data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24), 0x9e3779b1) >>>
    (32 - HASH_BITS)
  );
}

/** Fixed literal/length codes, bit-reversed for LSB-first output: code | length << 16. */
const FIXED_LIT = new Int32Array(288);
for (let s = 0; s < 288; s++) {
  const [code, length] =
    s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9] : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
  FIXED_LIT[s] = reverseBits(code, length) | (length << 16);
}

/** For each match length 3..258: its length symbol's code followed by its extra bits (`bits | count << 24`). */
const LENGTH_CODE = new Int32Array(MAX_MATCH + 1);
for (let i = 0; i < 29; i++) {
  const sym = FIXED_LIT[257 + i]!;
  const codeLength = sym >>> 16;
  for (let extra = 0; extra < 1 << LENGTH_EXTRA[i]!; extra++) {
    const length = LENGTH_BASE[i]! + extra;
    if (length > MAX_MATCH || (i < 28 && length === MAX_MATCH)) continue;
    LENGTH_CODE[length] = (sym & 0xffff) | (extra << codeLength) | ((codeLength + LENGTH_EXTRA[i]!) << 24);
  }
}

/** Distance code symbol for a distance 1..32768. */
function distanceSymbol(distance: number): number {
  let s = 0;
  while (s < 29 && DIST_BASE[s + 1]! <= distance) s++;
  return s;
}
const DIST_SYMBOL_SMALL = new Uint8Array(257);
for (let d = 1; d <= 256; d++) DIST_SYMBOL_SMALL[d] = distanceSymbol(d);
const DIST_SYMBOL_LARGE = new Uint8Array(256);
for (let i = 0; i < 256; i++) DIST_SYMBOL_LARGE[i] = distanceSymbol((i << 7) + 1);
const DIST_CODE = Int32Array.from({ length: 30 }, (_, s) => reverseBits(s, 5));

// Scratch reused by every call (compression is synchronous, calls never overlap): for each hash of
// 4 bytes, the last position where they were seen.
const head = new Int32Array(1 << HASH_BITS);

/** Compresses `data` into a complete zlib stream (header 78 01, one fixed-code block, Adler-32). */
export function deflateJs(data: Uint8Array): Uint8Array {
  const n = data.length;
  // Worst case: every byte a 9-bit literal, plus header, block bits, end code, alignment and checksum.
  const out = new Uint8Array(2 + Math.ceil((n * 9 + 3 + 7) / 8) + 1 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  // The bit writer is inlined (no closure): its state stays in registers, which halves the time.
  let bitBuf = 0b011; // BFINAL = 1, BTYPE = 01 (fixed codes)
  let bitCount = 3;
  head.fill(-1);
  let i = 0;
  const last = n - MIN_MATCH;
  while (i < n) {
    let length = 0;
    let distance = 0;
    if (i <= last) {
      const h = hash4(data, i);
      const candidate = head[h]!;
      head[h] = i;
      if (candidate >= 0 && i - candidate <= WINDOW) {
        const limit = Math.min(MAX_MATCH, n - i);
        while (length < limit && data[candidate + length] === data[i + length]) length++;
        distance = i - candidate;
      }
    }
    // The symbol's bits (a literal, or a match's distance code and extra bits) are added after the branch.
    let bits: number;
    let count: number;
    if (length >= MIN_MATCH) {
      // Length code and extra bits (≤ 13 bits), then distance code and extra bits (≤ 18 bits): each
      // joins at most 7 pending bits, so it fits the 32-bit buffer.
      const lengthCode = LENGTH_CODE[length]!;
      bitBuf |= (lengthCode & 0xffffff) << bitCount;
      bitCount += lengthCode >>> 24;
      while (bitCount >= 8) {
        out[o++] = bitBuf & 0xff;
        bitBuf >>>= 8;
        bitCount -= 8;
      }
      const dsym = distance <= 256 ? DIST_SYMBOL_SMALL[distance]! : DIST_SYMBOL_LARGE[(distance - 1) >>> 7]!;
      bits = DIST_CODE[dsym]! | ((distance - DIST_BASE[dsym]!) << 5);
      count = 5 + DIST_EXTRA[dsym]!;
      // Index where the match ends, so a repeat of what follows it can be found.
      const end = i + length - 1;
      if (end <= last) head[hash4(data, end)] = end;
      i += length;
    } else {
      const code = FIXED_LIT[data[i]!]!;
      bits = code & 0xffff;
      count = code >>> 16;
      i++;
    }
    bitBuf |= bits << bitCount;
    bitCount += count;
    while (bitCount >= 8) {
      out[o++] = bitBuf & 0xff;
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  }
  const endOfBlock = FIXED_LIT[256]!;
  bitBuf |= (endOfBlock & 0xffff) << bitCount;
  bitCount += endOfBlock >>> 16;
  while (bitCount > 0) {
    out[o++] = bitBuf & 0xff;
    bitBuf >>>= 8;
    bitCount -= 8;
  }
  const check = adler32(data);
  out[o++] = check >>> 24;
  out[o++] = (check >>> 16) & 0xff;
  out[o++] = (check >>> 8) & 0xff;
  out[o++] = check & 0xff;
  return out.subarray(0, o);
}
