/**
 * The process bench/callgrind.ts runs under `valgrind --tool=callgrind --dump-before=uv_os_gethostname`
 * (compiled to JS first: tsx would cost billions of instructions to start). It runs one subject's cases
 * (argv[2], JSON: { subject, pairs, cases: [{ payload, op }] }): each is warmed up, then a full GC, then
 * `pairs` pairs of segments of N and 2N iterations, each segment ended by `os.hostname()`, which nothing else calls
 * and which makes callgrind write the instructions counted since the previous call to a file of its own.
 * Prints one JSON line per case, `{ payload, op, n }`, in order; the parent reads the files.
 */
import { hostname } from 'node:os';
import { type CaseName, type Op, prepareNamed } from './operations.js';

/**
 * Warm-up: at least this many iterations and this much (valgrind-slowed) CPU time. V8 optimises a
 * function only after it has run many times: with 50 iterations, the segments counted partly unoptimised
 * code, and more of it for a subject with more functions (ours read 1.77× the JSON floor where it is 1.1×).
 * 15 s under valgrind is about 300 ms of native time: the `check` column then reads near 0.
 */
const WARM_ITERATIONS = Number(process.env['BENCH_CALLGRIND_WARM_ITERATIONS'] ?? 2000);
const WARM_MS = Number(process.env['BENCH_CALLGRIND_WARM_MS'] ?? 15_000);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc.');

async function repeat(fn: () => unknown, isAsync: boolean, n: number): Promise<void> {
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
}

const { subject, pairs, cases } = JSON.parse(process.argv[2]!) as {
  subject: string;
  pairs: number;
  cases: { payload: CaseName; op: Op }[];
};
for (const { payload, op } of cases) {
  const prepared = await prepareNamed(subject, payload);
  const fn = prepared.ops[op];
  let warm = 0;
  const start = process.cpuUsage();
  const elapsedMs = () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  while (warm < WARM_ITERATIONS || elapsedMs() < WARM_MS) {
    await repeat(fn, prepared.async, 10);
    warm += 10;
  }
  const n = Math.max(10, Math.round(warm / 8));
  gc();
  hostname();
  for (let pair = 0; pair < pairs; pair++) {
    await repeat(fn, prepared.async, n);
    hostname();
    await repeat(fn, prepared.async, 2 * n);
    hostname();
  }
  console.log(JSON.stringify({ payload, op, n }));
}
