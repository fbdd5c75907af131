/**
 * The plain-JS zlib pair (src/signing/zlib/inflate.ts, src/signing/zlib/deflate.ts) against node:zlib, the
 * reference: the decoder accepts exactly what zlib accepts and yields the same bytes, on valid streams of
 * every level, strategy and window and on their mutations; everything the compressor writes inflates
 * back under zlib and under our decoder. Django reading it is in test/interop.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { deflateJs as deflateFast } from '../../src/signing/zlib/deflate.js';
import { inflateJs as inflate } from '../../src/signing/zlib/inflate.js';
import { adler32 } from '../../src/signing/zlib/format.js';
import { deflateNode, windowBitsFor } from '../../src/signing/crypto/node.js';
import { PayloadError, PayloadTooLarge, TimestampSigner } from '../../src/signing/index.js';
import { uniformCart as large } from '../fixtures/uniform-cart.js';
import { SECRET } from '../helpers.js';

const LIMIT = 64 * 1024;

/** What node:zlib makes of `data`: the bytes, or "refused" (including bytes after the stream). */
function zlibResult(data: Uint8Array, limit = LIMIT): string {
  try {
    const r = zlib.inflateSync(data, { maxOutputLength: limit, info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    return r.engine.bytesWritten === data.length ? r.buffer.toString('hex') : 'refused';
  } catch {
    return 'refused';
  }
}

function oursResult(data: Uint8Array, limit = LIMIT): string {
  try {
    return Buffer.from(inflate(data, limit)).toString('hex');
  } catch (error) {
    assert.ok(error instanceof PayloadError, `only PayloadError escapes, got ${String(error)}`);
    return 'refused';
  }
}

/** Inputs that exercise stored, fixed and dynamic blocks, long matches and incompressible bytes. */
const inputs = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  fc.string({ unit: fc.constantFrom(...'{}[]":,abcdefghij0123456789 '), maxLength: 6000 }).map((s) => Buffer.from(s)),
  fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 70_000 }))
    .map(([b, n]) => new Uint8Array(n).fill(b)),
  fc.constant(Buffer.from(JSON.stringify(large))),
);
const zlibOptions = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  strategy: fc.constantFrom(0, 1, 2, 3, 4),
  windowBits: fc.integer({ min: 9, max: 15 }),
  memLevel: fc.integer({ min: 1, max: 9 }),
});

describe('inflate: the same verdict and bytes as node:zlib', () => {
  test('valid streams of every level, strategy, window and memory level', () => {
    fc.assert(
      fc.property(inputs, zlibOptions, (data, options) => {
        const stream = zlib.deflateSync(data, options);
        assert.equal(oursResult(stream, 1 << 20), Buffer.from(data).toString('hex'));
      }),
      { numRuns: 400 },
    );
  });

  test('mutated streams: bit flips, truncations, appended bytes', () => {
    fc.assert(
      fc.property(
        inputs,
        zlibOptions,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 2 }),
        fc.nat(255),
        (data, options, at, bit, kind, extra) => {
          const stream = Buffer.from(zlib.deflateSync(data, options));
          let mutated: Uint8Array;
          if (kind === 0) {
            stream[at % stream.length]! ^= 1 << bit;
            mutated = stream;
          } else if (kind === 1) {
            mutated = stream.subarray(0, at % stream.length);
          } else {
            mutated = Buffer.concat([stream, Buffer.from([extra])]);
          }
          assert.equal(oursResult(mutated, 1 << 20), zlibResult(mutated, 1 << 20));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('random bytes behind a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (tail) => {
        const data = Buffer.concat([Buffer.from([0x78, 0x9c]), tail]);
        assert.equal(oursResult(data), zlibResult(data));
      }),
      { numRuns: 20_000 },
    );
  });

  test('the output cap is enforced as bytes are produced: a zlib bomb is PayloadTooLarge', () => {
    const bomb = zlib.deflateSync(Buffer.alloc(3_000_000, 0x61));
    assert.throws(() => inflate(bomb, LIMIT), PayloadTooLarge);
    assert.equal(inflate(zlib.deflateSync(Buffer.alloc(LIMIT, 0x61)), LIMIT).length, LIMIT);
  });

  test('refused with a reason: bytes after the stream, a wrong checksum, a preset dictionary, an empty input', () => {
    const good = zlib.deflateSync(Buffer.from('{"a":"b"}'));
    assert.throws(() => inflate(Buffer.concat([good, Buffer.from([0])]), LIMIT), /bytes after the zlib stream/);
    const badCheck = Buffer.from(good);
    badCheck[badCheck.length - 1]! ^= 1;
    assert.throws(() => inflate(badCheck, LIMIT), /not a complete zlib stream/);
    const withDictionary = zlib.deflateSync(Buffer.from('{"a":"b"}'), { dictionary: Buffer.from('{"a":') });
    assert.throws(() => inflate(withDictionary, LIMIT), /not a complete zlib stream/);
    assert.throws(() => inflate(new Uint8Array(0), LIMIT), /not a complete zlib stream/);
  });

  test('adler32 matches zlib on every length around its reduction interval', () => {
    for (const n of [0, 1, 1999, 2000, 2001, 5552, 5553, 70_000]) {
      const data = Buffer.alloc(n, 0xff);
      const stream = zlib.deflateSync(data, { level: 0 });
      assert.equal(adler32(data), stream.readUInt32BE(stream.length - 4));
    }
  });
});

describe('deflateFast: a standard zlib stream', () => {
  test('node:zlib and our inflate both give the input back', () => {
    fc.assert(
      fc.property(inputs, (data) => {
        const stream = deflateFast(data);
        assert.deepEqual(new Uint8Array(zlib.inflateSync(stream)), new Uint8Array(data));
        assert.deepEqual(inflate(stream, 1 << 20), new Uint8Array(data));
      }),
      { numRuns: 500 },
    );
  });

  test('a large session (2.4 KB of JSON) shrinks by more than 60 %', () => {
    const json = Buffer.from(JSON.stringify(large));
    assert.ok(deflateFast(json).length < json.length * 0.4, `${deflateFast(json).length} of ${json.length}`);
  });
});

describe("compress: 'fast'", () => {
  const data = { cart: Array.from({ length: 40 }, (_, i) => ({ sku: `SKU-${i * 7919}`, note: `${i}`.repeat(i % 9) })) };

  for (const crypto of ['node', 'web'] as const) {
    test(`${crypto}: reads back, and a token too long at the fast level is compressed again at level 6, as compress: true`, async () => {
      const signer = new TimestampSigner({ key: SECRET, crypto });
      const fast = await signer.asignObject(data, { compress: 'fast' });
      const best = await signer.asignObject(data, { compress: true });
      assert.deepEqual(await signer.aunsignObject(fast), data);
      assert.ok(fast.startsWith('.') && best.startsWith('.'));
      // A read cap between the two sizes: the fast form would be refused, the best one fits.
      const cap = best.length + 2;
      assert.ok(fast.length > cap, `the fast form (${fast.length}) is over the cap (${cap})`);
      const capped = await signer.asignObject(data, { compress: 'fast', maxLength: cap });
      assert.ok(capped.length <= cap);
      assert.deepEqual(await signer.aunsignObject(capped), data);
      if (crypto === 'node')
        assert.deepEqual(signer.unsignObject(signer.signObject(data, { compress: 'fast', maxLength: cap })), data);
    });
  }
});

describe("compress: 'fast' on node:zlib: the smallest window that reaches the whole payload (decision 65)", () => {
  test('the window covers every input length, and no smaller one would', () => {
    for (const length of [0, 1, 249, 250, 251, 2400, 3834, 3835, 32506, 32507, 64 * 1024]) {
      const bits = windowBitsFor(length);
      assert.ok(bits >= 9 && bits <= 15);
      assert.ok(bits === 15 || 2 ** bits >= length + 262, `${length}: ${bits}`);
      assert.ok(bits === 9 || 2 ** (bits - 1) < length + 262, `${length}: ${bits} is not the smallest`);
    }
  });

  test("the same compressed bytes as zlib's default window but for the header, and zlib reads them", () => {
    fc.assert(
      fc.property(fc.oneof(inputs, fc.constant(new Uint8Array(Buffer.from(JSON.stringify(large))))), (input) => {
        const fitted = deflateNode(input, 'fast');
        const full = zlib.deflateSync(input, { level: 2 });
        assert.equal(fitted[0]! >>> 4, windowBitsFor(input.length) - 8);
        assert.deepEqual(fitted.subarray(2), full.subarray(2));
        assert.deepEqual(new Uint8Array(zlib.inflateSync(fitted)), new Uint8Array(input));
        if (input.length <= LIMIT) assert.deepEqual(inflate(fitted, LIMIT), new Uint8Array(input));
      }),
      { numRuns: 300 },
    );
  });

  test("Django's level keeps zlib's default window, so its bytes stay Django's", () => {
    const json = Buffer.from(JSON.stringify(large));
    assert.deepEqual(new Uint8Array(deflateNode(json, 'default')), new Uint8Array(zlib.deflateSync(json)));
  });
});
