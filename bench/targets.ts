/**
 * The last part of `npm run bench` (`npm run bench:targets` alone): issue 20's targets, each a ratio of
 * two operations timed paired in this one process (in each of ROUNDS rounds, a slice of CPU time of each,
 * alternating which goes first; the figure is the median of the per-round ratios and the spread their
 * max/min), next to the instruction ratios bench/callgrind.ts wrote to bench/callgrind-results.json (its
 * run of the same code: run `npm run bench:callgrind` first, as `npm run bench` does). Prints the table
 * target, figure, pass/fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dumps } from '../dist/signing/index.js';
import { CALLGRIND_RESULTS, type CallgrindRow } from './callgrind-results.js';
import { cpuTime, median } from './cpu-time.js';
import { type CaseName, OURS_SYNC, prepare } from './operations.js';
import { large } from './payloads.js';
import { SECRET, type Subject, SUBJECTS } from './subjects.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const SLICE_NS = Number(process.env['BENCH_SLICE_MS'] ?? 20) * 1e6;
const SALT = 'django.contrib.sessions.backends.signed_cookies';

const subject = async (name: string): Promise<Subject> => SUBJECTS[name]!();
const OURS_NODE = 'signed-cookie-session (async, node:crypto)';
const OURS_WEB = 'signed-cookie-session (async, Web Crypto)';
const JSON_FLOOR = 'floor: JSON+base64url+HMAC';
const ZLIB_FLOOR = 'floor: JSON+zlib(1)+base64url+HMAC';
const WEB_FLOOR = 'floor: Web Crypto JSON+base64url+HMAC';
const PEER = '@fastify/secure-session 8 (libsodium)';

/** One side of a ratio: a subject's roundtrip on a payload. */
interface Side {
  subject: string;
  payload: CaseName;
}

interface Target {
  name: string;
  /** The ratio of a's roundtrip to b's. */
  a: Side;
  b: Side;
  max: number;
}

const side = (subject: string, payload: CaseName): Side => ({ subject, payload });
const TARGETS: Target[] = [
  { name: 'small roundtrip / JSON floor', a: side(OURS_SYNC, 'small'), b: side(JSON_FLOOR, 'small'), max: 1.1 },
  { name: 'small roundtrip / @fastify/secure-session', a: side(OURS_SYNC, 'small'), b: side(PEER, 'small'), max: 1.0 },
  { name: 'large roundtrip / zlib floor', a: side(OURS_SYNC, 'large'), b: side(ZLIB_FLOOR, 'large'), max: 1.2 },
  { name: 'large roundtrip / @fastify/secure-session', a: side(OURS_SYNC, 'large'), b: side(PEER, 'large'), max: 1.0 },
  { name: 'large non-ASCII / its ASCII twin', a: side(OURS_SYNC, 'large'), b: side(OURS_SYNC, 'largeAscii'), max: 1.1 },
  { name: 'async node:crypto / sync, small', a: side(OURS_NODE, 'small'), b: side(OURS_SYNC, 'small'), max: 1.15 },
  { name: 'async node:crypto / sync, large', a: side(OURS_NODE, 'large'), b: side(OURS_SYNC, 'large'), max: 1.15 },
  {
    name: 'async Web Crypto / Web Crypto floor, small',
    a: side(OURS_WEB, 'small'),
    b: side(WEB_FLOOR, 'small'),
    max: 1.2,
  },
  {
    name: 'async Web Crypto / Web Crypto floor, large',
    a: side(OURS_WEB, 'large'),
    b: side(WEB_FLOOR, 'large'),
    max: 1.2,
  },
  {
    name: 'lossless re-save: Django-written large / large',
    a: side(OURS_SYNC, 'largeDjango'),
    b: side(OURS_SYNC, 'large'),
    max: 1.05,
  },
];

async function roundtrip({ subject: name, payload }: Side): Promise<{ op: () => unknown; async: boolean }> {
  const s = await subject(name);
  return { op: (await prepare(s, payload)).ops.roundtrip, async: s.async };
}

/** Median and spread of the per-round ratios a/b, timed in alternating slices. */
async function paired(target: Target): Promise<{ ratio: number; spread: number }> {
  const [a, b] = [await roundtrip(target.a), await roundtrip(target.b)];
  const ratios: number[] = [];
  for (const warm of [a, b]) await cpuTime(warm.op, warm.async, SLICE_NS); // V8 optimises in these
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0 ? a : b;
    const second = first === a ? b : a;
    const t1 = await cpuTime(first.op, first.async, SLICE_NS);
    const t2 = await cpuTime(second.op, second.async, SLICE_NS);
    ratios.push(first === a ? t1 / t2 : t2 / t1);
  }
  return { ratio: median(ratios), spread: Math.max(...ratios) / Math.min(...ratios) };
}

function callgrindRows(): CallgrindRow[] {
  if (!existsSync(CALLGRIND_RESULTS)) return [];
  return (JSON.parse(readFileSync(CALLGRIND_RESULTS, 'utf8')) as { rows: CallgrindRow[] }).rows;
}
const instructions = callgrindRows();
function instructionRatio({ a, b }: Target): number | undefined {
  const of = (s: Side) =>
    instructions.find((r) => r.subject === s.subject && r.payload === s.payload && r.op === 'roundtrip')?.instructions;
  const [x, y] = [of(a), of(b)];
  return x !== undefined && y !== undefined ? x / y : undefined;
}

const lines: string[] = ['| target | paired wall clock (spread) | instructions | ≤ | met |', '|---|---|---|---|---|'];
for (const target of TARGETS) {
  const { ratio, spread } = await paired(target);
  const counted = instructionRatio(target);
  // Instruction targets are ≤ 1.0 where the wall-clock one is ≤ 1.1 (the small roundtrip), else the same.
  const instructionMax = target.name === 'small roundtrip / JSON floor' ? 1.0 : target.max;
  const met = ratio <= target.max && (counted === undefined || counted <= instructionMax);
  lines.push(
    `| ${target.name} | ${ratio.toFixed(2)}× (${spread.toFixed(2)}) | ${counted === undefined ? 'not counted' : `${counted.toFixed(2)}×`} | ${target.max}${instructionMax === target.max ? '' : ` (instr. ${instructionMax})`} | ${met ? 'yes' : 'no'} |`,
  );
  process.stderr.write('.');
}
// The cookie: our large one against the same session's token written without compression.
const ours = await subject(OURS_SYNC);
const cookie = (await prepare(ours, 'large')).cookie;
const uncompressed = dumps(large, { key: SECRET, salt: SALT, compress: false });
const share = cookie.length / uncompressed.length;
lines.push(
  `| large cookie / uncompressed token | ${(share * 100).toFixed(0)} % (${cookie.length} / ${uncompressed.length} characters) | | 55 % | ${share <= 0.55 ? 'yes' : 'no'} |`,
);
process.stderr.write('\n');
console.log(
  `\nTargets (issue 20): ${ROUNDS} rounds of ${SLICE_NS / 1e6} ms slices; instructions from ${CALLGRIND_RESULTS.pathname.split('/').pop()}\n`,
);
console.log(lines.join('\n'));
