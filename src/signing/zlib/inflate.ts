/**
 * A strict zlib (RFC 1950) and DEFLATE (RFC 1951) decoder in plain JavaScript, for runtimes without
 * node:zlib (Workers, browsers, `crypto: 'web'`).
 *
 * Why not DecompressionStream: setting up a stream costs far more than decoding a cookie-sized payload,
 * and some implementations ignore bytes after the stream. Here the rules are exactly ours: an output cap
 * checked as bytes are produced, the Adler-32 checked, nothing allowed after the stream. (Where node:zlib
 * exists it stays faster at this size and is used instead; figures in bench/RESULTS.md.)
 *
 * Acceptance follows zlib's own inflate (a differential test runs both on valid and mutated streams):
 * over-subscribed or incomplete Huffman codes are refused except zlib's one exception (a single code of
 * length 1), as are a missing end-of-block code, distances before the start, and preset dictionaries.
 */
import { adler32, DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA, MAX_BITS, reverseBits } from './format.js';
import { PayloadError, PayloadTooLarge } from '../errors.js';

const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** Codes up to this many bits decode with one table lookup; longer ones (rare in text) bit by bit. */
const FAST_BITS = 9;
const FAST_MASK = (1 << FAST_BITS) - 1;

class InflateError extends Error {}

/** A canonical Huffman code: counts per length, symbols in code order, and the one-lookup table. */
interface Code {
  count: Uint16Array;
  symbol: Uint16Array;
  /** Indexed by the next FAST_BITS input bits: `symbol << 4 | length`, or 0 for a longer code. */
  fast: Uint16Array;
}

/** REVERSED[x]: the FAST_BITS-bit value x with its bits in reverse order (codes are sent MSB first). */
const REVERSED = Uint16Array.from({ length: 1 << FAST_BITS }, (_, x) => reverseBits(x, FAST_BITS));

function newCode(maxSymbols: number): Code {
  return {
    count: new Uint16Array(MAX_BITS + 1),
    symbol: new Uint16Array(maxSymbols),
    fast: new Uint16Array(1 << FAST_BITS),
  };
}

// Scratch space reused by every call (decoding is synchronous, so calls never overlap): V8 allocates
// typed arrays over 64 bytes off the heap, and a fresh set per call cost more than the decoding itself.
const OFFSETS = new Uint16Array(MAX_BITS + 2);
const CODE_LENGTHS = new Uint8Array(19);
const ALL_LENGTHS = new Uint8Array(286 + 30);
const scratch = { lengths: newCode(19), lit: newCode(288), dist: newCode(32) };

/**
 * Builds into `into` the code for `n` code lengths. `incompleteOk`: zlib allows an incomplete
 * literal/length or distance code only when it is a single code of length 1; the code-length code must
 * be complete.
 */
function buildCode(into: Code, lengths: Uint8Array, offset: number, n: number, incompleteOk: boolean): Code {
  const { count, symbol, fast } = into;
  count.fill(0);
  for (let i = 0; i < n; i++) count[lengths[offset + i]!]!++;
  count[0] = 0;
  let left = 1;
  let max = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - count[len]!;
    if (left < 0) throw new InflateError('over-subscribed code');
    if (count[len]! > 0) max = len;
  }
  if (left > 0 && max > 0 && !(incompleteOk && max === 1)) throw new InflateError('incomplete code');
  OFFSETS[1] = 0;
  for (let len = 1; len <= MAX_BITS; len++) OFFSETS[len + 1] = OFFSETS[len]! + count[len]!;
  for (let s = 0; s < n; s++) {
    const len = lengths[offset + s]!;
    if (len !== 0) symbol[OFFSETS[len]!++] = s;
  }
  fast.fill(0);
  let code = 0;
  let index = 0;
  for (let len = 1; len <= FAST_BITS; len++) {
    for (let i = 0; i < count[len]!; i++) {
      const entry = (symbol[index++]! << 4) | len;
      for (let j = REVERSED[code++ << (FAST_BITS - len)]!; j <= FAST_MASK; j += 1 << len) fast[j] = entry;
    }
    code <<= 1;
  }
  return into;
}

let fixedCodes: { lit: Code; dist: Code } | undefined;

function fixed(): { lit: Code; dist: Code } {
  if (!fixedCodes) {
    // All 288 literal/length and 32 distance codes, so both are complete; the unused ones are refused when met.
    const lengths = new Uint8Array(288 + 32);
    lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288).fill(5, 288);
    fixedCodes = {
      lit: buildCode(newCode(288), lengths, 0, 288, false),
      dist: buildCode(newCode(32), lengths, 288, 32, false),
    };
  }
  return fixedCodes;
}

/**
 * Decodes the next symbol from at least MAX_BITS buffered bits: `symbol << 4 | length`. One table lookup
 * for codes up to FAST_BITS; longer ones are decoded canonically bit by bit (zlib's puff).
 */
function lookup({ fast, count, symbol }: Code, bitBuf: number): number {
  const entry = fast[bitBuf & FAST_MASK]!;
  if (entry !== 0) return entry;
  let code = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    code |= (bitBuf >>> (len - 1)) & 1;
    const n = count[len]!;
    if (code - n < first) return (symbol[index + code - first]! << 4) | len;
    index += n;
    first = (first + n) << 1;
    code <<= 1;
  }
  throw new InflateError('invalid code');
}

/** The refusal of a payload that inflates past `limit` bytes, on every inflater. */
export function inflatedTooLarge(limit: number): PayloadTooLarge {
  return new PayloadTooLarge(`Payload inflates to more than ${limit} bytes.`);
}

/** Decoder state for one stream: input bits, least significant first, and the growing output. */
class Inflater {
  readonly input: Uint8Array;
  readonly limit: number;
  pos = 0;
  bitBuf = 0;
  bitCount = 0;
  out: Uint8Array;
  outPos = 0;

  constructor(input: Uint8Array, limit: number) {
    this.input = input;
    this.limit = limit;
    this.out = new Uint8Array(Math.min(limit, Math.max(1024, input.length * 4)));
  }

  /** Ensures `n` (≤ 24) bits are buffered; past the end, zero bits, caught by `checkNotPastEnd`. */
  need(n: number): void {
    while (this.bitCount < n) {
      // Up to 4 bytes past the end are read as zeros so a lookup can peek; further is a truncated stream.
      if (this.pos >= this.input.length + 4) throw new InflateError('truncated');
      this.bitBuf |= (this.pos < this.input.length ? this.input[this.pos]! : 0) << this.bitCount;
      this.pos++;
      this.bitCount += 8;
    }
  }

  bits(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const value = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return value;
  }

  /** Bits actually consumed must lie within the input. */
  checkNotPastEnd(): void {
    if (this.pos * 8 - this.bitCount > this.input.length * 8) throw new InflateError('truncated');
  }

  decode(code: Code): number {
    this.need(MAX_BITS);
    const entry = lookup(code, this.bitBuf);
    const len = entry & 15;
    this.bitBuf >>>= len;
    this.bitCount -= len;
    return entry >>> 4;
  }

  reserve(n: number): void {
    const needed = this.outPos + n;
    if (needed <= this.out.length) return;
    if (needed > this.limit) throw inflatedTooLarge(this.limit);
    const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.out.length * 2)));
    grown.set(this.out.subarray(0, this.outPos));
    this.out = grown;
  }

  stored(): void {
    this.bits(this.bitCount & 7); // to a byte boundary
    const len = this.bits(16);
    const nlen = this.bits(16);
    if ((len ^ 0xffff) !== nlen) throw new InflateError('stored block length mismatch');
    this.checkNotPastEnd();
    this.reserve(len);
    // Whole bytes may still sit in the bit buffer; take those first.
    let remaining = len;
    while (remaining > 0 && this.bitCount > 0) {
      this.out[this.outPos++] = this.bits(8);
      remaining--;
    }
    if (this.pos + remaining > this.input.length) throw new InflateError('truncated');
    this.out.set(this.input.subarray(this.pos, this.pos + remaining), this.outPos);
    this.pos += remaining;
    this.outPos += remaining;
  }

  dynamic(): { lit: Code; dist: Code } {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError('too many length or distance symbols');
    const lengths = CODE_LENGTHS.fill(0);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const lencode = buildCode(scratch.lengths, lengths, 0, 19, false);
    const all = ALL_LENGTHS;
    for (let i = 0; i < nlen + ndist;) {
      const sym = this.decode(lencode);
      if (sym < 16) {
        all[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        if (i === 0) throw new InflateError('repeat with no first length');
        value = all[i - 1]!;
        repeat = 3 + this.bits(2);
      } else if (sym === 17) {
        repeat = 3 + this.bits(3);
      } else {
        repeat = 11 + this.bits(7);
      }
      if (i + repeat > nlen + ndist) throw new InflateError('too many lengths');
      all.fill(value, i, i + repeat);
      i += repeat;
    }
    if (all[256] === 0) throw new InflateError('no end-of-block code');
    return { lit: buildCode(scratch.lit, all, 0, nlen, true), dist: buildCode(scratch.dist, all, nlen, ndist, true) };
  }

  /** Decodes one block's literals and matches until its end-of-block code. */
  codes({ lit, dist }: { lit: Code; dist: Code }): void {
    for (;;) {
      const sym = this.decode(lit);
      if (sym < 256) {
        if (this.outPos === this.out.length) this.reserve(1);
        this.out[this.outPos++] = sym;
        continue;
      }
      if (sym === 256) return;
      if (sym >= 286) throw new InflateError('invalid length code');
      const length = LENGTH_BASE[sym - 257]! + this.bits(LENGTH_EXTRA[sym - 257]!);
      const dsym = this.decode(dist);
      if (dsym >= 30) throw new InflateError('invalid distance code');
      const distance = DIST_BASE[dsym]! + this.bits(DIST_EXTRA[dsym]!);
      if (distance > this.outPos) throw new InflateError('distance too far back');
      this.reserve(length);
      const out = this.out;
      let to = this.outPos;
      for (let from = to - distance, stop = to + length; to < stop;) out[to++] = out[from++]!;
      this.outPos = to;
      // Zero bits read past the end would decode as matches until the output cap; stop at once.
      if (this.pos > this.input.length) this.checkNotPastEnd();
    }
  }

  run(): Uint8Array {
    const cmf = this.bits(8);
    const flg = this.bits(8);
    if ((cmf & 0x0f) !== 8 || cmf >>> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) throw new InflateError('bad zlib header');
    if (flg & 0x20) throw new InflateError('preset dictionary');
    let last: number;
    do {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(fixed());
      else if (type === 2) this.codes(this.dynamic());
      else throw new InflateError('invalid block type');
      this.checkNotPastEnd();
    } while (!last);
    this.bits(this.bitCount & 7);
    const check = ((this.bits(8) << 24) | (this.bits(8) << 16) | (this.bits(8) << 8) | this.bits(8)) >>> 0;
    this.checkNotPastEnd();
    const output = this.out.subarray(0, this.outPos);
    if (check !== adler32(output)) throw new InflateError('incorrect data check');
    if (this.pos - (this.bitCount >>> 3) !== this.input.length)
      throw new PayloadError('Payload has bytes after the zlib stream.');
    return output;
  }
}

/**
 * Inflates one complete zlib stream. Throws `PayloadTooLarge` past `limit` output bytes (checked as they
 * are produced) and `PayloadError` for anything else: a malformed or truncated stream, a wrong checksum,
 * or bytes after the stream.
 */
export function inflateJs(data: Uint8Array, limit: number): Uint8Array {
  try {
    return new Inflater(data, limit).run();
  } catch (error) {
    if (error instanceof InflateError) throw new PayloadError('Payload is not a complete zlib stream.');
    throw error;
  }
}
