/**
 * `npm run bench:techniques`: the measurements behind the comments in src/ that explain why one technique
 * was chosen over another (one-shot HMAC over createHmac, zlib level 2, our plain-JS zlib pair over the
 * Compression/DecompressionStream, native length checks over regexes, Maps filled by hand). Each pair is
 * timed in alternating slices (mitata's `measure`) on the payloads of bench/payloads.ts; the median of the
 * slices is printed as a Markdown table for bench/RESULTS.md. Runs from the sources: these are internals.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { measure } from 'mitata';
import { deflateStream as deflateWeb } from '../src/signing/crypto/web.js';
import { deflateJs as deflateFast } from '../src/signing/zlib/deflate.js';
import { inflateJs as inflate } from '../src/signing/zlib/inflate.js';
import { hasLongDigitRun } from '../src/signing/json.js';
import { oneShotHmacFor } from '../src/signing/crypto/one-shot-hmac.js';
import { toMap, toObject } from '../src/session/session-base.js';
import type { JsonValue } from '../src/signing/json.js';
import { large, small } from './payloads.js';

const SLICES = Number(process.env['BENCH_SLICES'] ?? 7);
const SLICE_NS = Number(process.env['BENCH_SLICE_MS'] ?? 40) * 1e6;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => unknown): Promise<number> {
  const stats = await measure(fn as () => void, { min_cpu_time: SLICE_NS, max_samples: 1e9, min_samples: 12 } as never);
  return (stats as { avg: number }).avg;
}

/** Median ns of `ours` and `other`, timed in alternating slices. */
async function pair(ours: () => unknown, other: () => unknown): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < SLICES; i++) {
    a.push(await time(ours));
    b.push(await time(other));
  }
  return [median(a), median(b)];
}

async function streamed(stream: TransformStream<Uint8Array, Uint8Array>, data: Uint8Array): Promise<number> {
  const writer = stream.writable.getWriter();
  void writer.write(data);
  void writer.close();
  let total = 0;
  for await (const chunk of stream.readable as unknown as AsyncIterable<Uint8Array>) total += chunk.byteLength;
  return total;
}

const us = (ns: number) => `${(ns / 1000).toFixed(ns < 10_000 ? 2 : 1)} µs`;
const rows: string[] = [];
function row(what: string, ours: string, other: string, ratio: string): void {
  rows.push(`| ${what} | ${ours} | ${other} | ${ratio} |`);
  console.error(rows.at(-1));
}
const timed = (what: string, [a, b]: [number, number]) => row(what, us(a), us(b), `${(b / a).toFixed(1)}×`);

const smallJson = Buffer.from(JSON.stringify(small));
const largeJson = Buffer.from(JSON.stringify(large));
const largeText = largeJson.toString('latin1');
const largeDeflated = deflateSync(largeJson, { level: 2 });

// HMAC of a 340-byte message (a small session's token) under a derived key.
const key = randomBytes(32);
const message = 'x'.repeat(340);
const oneShot = oneShotHmacFor('sha256', key);
if (!oneShot) throw new Error('This runtime has no one-shot crypto.hash; the comparison needs Node ≥ 20.12.');
timed(
  'HMAC-SHA256, 340-byte message: one-shot digests / `createHmac`',
  await pair(
    () => oneShot.sign(message),
    () => createHmac('sha256', key).update(message).digest('base64url'),
  ),
);

// zlib levels on the large session.
const [l2, l6] = await pair(
  () => deflateSync(largeJson, { level: 2 }),
  () => deflateSync(largeJson, { level: 6 }),
);
const b2 = deflateSync(largeJson, { level: 2 }).length;
const b6 = deflateSync(largeJson, { level: 6 }).length;
row(
  'node:zlib, large session: level 2 / level 6',
  `${us(l2)}, ${b2} B`,
  `${us(l6)}, ${b6} B`,
  `${(l6 / l2).toFixed(2)}× the time, ${((b2 / b6 - 1) * 100).toFixed(1)} % more bytes`,
);

// The fixed cost of a zlib call, on the small session.
const [small6] = await pair(
  () => deflateSync(smallJson, { level: 6 }),
  () => JSON.stringify(small),
);
row('node:zlib level 6 on the small session (230 B)', us(small6), '', 'the fixed cost of a call');

// Our plain-JS compressor against node:zlib level 2 and CompressionStream.
timed(
  'compress the large session: our JS compressor / node:zlib level 2',
  await pair(
    () => deflateFast(largeJson),
    () => deflateSync(largeJson, { level: 2 }),
  ),
);
timed(
  'compress the large session: our JS compressor / CompressionStream',
  await pair(
    () => deflateFast(largeJson),
    () => deflateWeb(largeJson),
  ),
);
row(
  'bytes, large session: our JS compressor / node:zlib level 6',
  `${deflateFast(largeJson).length} B`,
  `${b6} B`,
  `${((deflateFast(largeJson).length / b6 - 1) * 100).toFixed(0)} % more`,
);

// Our strict inflater against node:zlib and DecompressionStream.
timed(
  'inflate the large session: node:zlib / our JS inflater',
  await pair(
    () => inflateSync(largeDeflated),
    () => inflate(largeDeflated, 65536),
  ),
);
timed(
  'inflate the large session: our JS inflater / DecompressionStream',
  await pair(
    () => inflate(largeDeflated, 65536),
    () => streamed(new DecompressionStream('deflate') as TransformStream<Uint8Array, Uint8Array>, largeDeflated),
  ),
);

// JSON hazards on the large session's text.
const NON_ASCII = /[\u007f-\uffff]/;
timed(
  'non-ASCII check, large JSON: `Buffer.byteLength` / regex',
  await pair(
    () => Buffer.byteLength(largeText, 'utf8') !== largeText.length,
    () => NON_ASCII.test(largeText),
  ),
);
const prices = JSON.stringify({
  cart: Array.from({ length: 60 }, (_, i) => ({ id: 100000 + i * 7919, price: 4.99 + i * 2.37, qty: i % 4 })),
});
timed(
  '16-digit run, a cart full of prices: `hasLongDigitRun` / `/\\d{16}/`',
  await pair(
    () => hasLongDigitRun(prices),
    () => /\d{16}/.test(prices),
  ),
);

// The session Map to and from a plain object, on the small session.
const object = small as unknown as Record<string, JsonValue>;
const map = toMap(object);
timed(
  'object to Map, small session: keys loop (`toMap`) / `new Map(Object.entries())`',
  await pair(
    () => toMap(object),
    () => new Map(Object.entries(object)),
  ),
);
timed(
  'Map to object, small session: by hand (`toObject`) / `Object.fromEntries`',
  await pair(
    () => toObject(map),
    () => Object.fromEntries(map),
  ),
);

console.log(`Node ${process.version}, ${SLICES} alternating slices of ${SLICE_NS / 1e6} ms each, median:\n`);
console.log('| comparison | ours | the alternative | alternative / ours |');
console.log('|---|---|---|---|');
for (const line of rows) console.log(line);
