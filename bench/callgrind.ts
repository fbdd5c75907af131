/**
 * Instructions per operation, counted by `valgrind --tool=callgrind` (they repeat exactly, where wall
 * clock on this shared machine does not): part of `npm run bench`, and alone `npm run bench:callgrind`.
 *
 *   npm run bench:callgrind -- --only sync,secure --op roundtrip --payload large
 *
 *   --only a,b     subjects whose name contains a or b (the floors always run, for the ratios)
 *   --op o         save, load or roundtrip (default: all three)
 *   --payload p,q  small, large, largeAscii, largeDjango (the lossless re-save path; ours only)
 *
 * Each subject runs in one valgrind process (bench/callgrind-child.ts, compiled by esbuild), two at a time
 * (`os.availableParallelism()`). For each operation the child warms up (at least 2 000 iterations and 15 s
 * of valgrind CPU time, about 300 ms native, so V8 has optimised what it will:
 * BENCH_CALLGRIND_WARM_ITERATIONS, BENCH_CALLGRIND_WARM_MS), runs a full GC, then 4 pairs of N and 2N
 * iterations, with a marker after each that makes callgrind write the counts since the last to a file of
 * its own. Start-up and warm-up fall before the first marker; a GC or a late optimisation that falls in a
 * segment only adds to it, so the least 2N segment minus the least N segment, over N, is the cost of one
 * operation (the marker's own cost cancels). `check` is how much the next-least 2N segment exceeds the
 * least, relative to N operations: near 0 where the counts repeat.
 * Node runs with `--single-threaded` (the compiler and the GC work on the main thread, in order, not on
 * helper threads whenever valgrind schedules them), `--predictable-gc-schedule` (no GC heuristics that
 * depend on time, which valgrind distorts) and a 64 MB young generation (fewer scavenges); the libuv
 * pool that runs Web Crypto is counted too.
 * Prints a table per operation with the ratios to the JSON and zlib floors and to @fastify/secure-session;
 * writes bench/callgrind-results.json (read by bench/targets.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { type CaseName, HMAC_FLOOR, type Op, OPS } from './operations.js';
import { SUBJECTS } from './subjects.js';
import { CALLGRIND_RESULTS, type CallgrindRow } from './callgrind-results.js';

/** Pairs of N and 2N segments per operation. */
const PAIRS = 4;
const FLOOR_NAMES = { json: 'floor: JSON+base64url+HMAC', zlib: 'floor: JSON+zlib(1)+base64url+HMAC' };
const PEER = '@fastify/secure-session 8 (libsodium)';
const isOurs = (name: string) => name.startsWith('signed-cookie-session');

const { values: args } = parseArgs({
  options: { only: { type: 'string' }, op: { type: 'string' }, payload: { type: 'string' } },
});
const only = args.only?.split(',');
const ops = (args.op?.split(',') ?? OPS) as Op[];
const payloads = (args.payload?.split(',') ?? ['small', 'large', 'largeAscii', 'largeDjango']) as CaseName[];

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error(
    'bench/callgrind.ts: valgrind is not installed: run `sudo apt-get install valgrind` (or `sudo bash scripts/system-deps.sh`).',
  );
  process.exit(1);
}

const root = new URL('..', import.meta.url).pathname;
const childJs = join(root, '.cache/bench/callgrind-child.mjs');
mkdirSync(join(root, '.cache/bench'), { recursive: true });
await build({
  entryPoints: [join(root, 'bench/callgrind-child.ts')],
  outfile: childJs,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  // The built package stays a module of its own, loaded from dist/ as users load it.
  plugins: [
    {
      name: 'dist-external',
      setup: (b) => b.onResolve({ filter: /\/dist\// }, (a) => ({ path: join(a.resolveDir, a.path), external: true })),
    },
  ],
});

/** Runs one subject's cases under callgrind; resolves to its rows. */
async function measure(subject: string, cases: { payload: CaseName; op: Op }[]): Promise<CallgrindRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'callgrind-'));
  try {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--dump-before=uv_os_gethostname',
        '--dump-instr=no',
        '--dump-line=no',
        `--callgrind-out-file=${dir}/cg.%p`,
        process.execPath,
        '--single-threaded',
        '--predictable-gc-schedule',
        '--expose-gc',
        '--min-semi-space-size=64',
        '--max-semi-space-size=64',
        childJs,
        JSON.stringify({ subject, pairs: PAIRS, cases }),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`callgrind run of ${subject} failed (${code}):\n${err.slice(-2000)}`);
    const done = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { payload: CaseName; op: Op; n: number });
    // One file per marker (cg.<pid>.<k>); per case, the warm-up's end, then N and 2N segments by pairs.
    const perCase = 1 + 2 * PAIRS;
    const totals = readdirSync(dir)
      .filter((f) => /^cg\.\d+\.\d+$/.test(f))
      .sort((a, b) => Number(a.split('.').at(-1)) - Number(b.split('.').at(-1)))
      .slice(-perCase * done.length)
      .map((f) => Number(/^totals: (\d+)/m.exec(readFileSync(join(dir, f), 'utf8'))![1]));
    process.stderr.write('.');
    return done.map(({ payload, op, n }, i) => {
      const segments = totals.slice(perCase * i + 1, perCase * (i + 1));
      const once = segments.filter((_, j) => j % 2 === 0).sort((a, b) => a - b);
      const twice = segments.filter((_, j) => j % 2 === 1).sort((a, b) => a - b);
      const instructions = (twice[0]! - once[0]!) / n;
      return { subject, payload, op, instructions, check: (twice[1]! - twice[0]!) / (twice[0]! - once[0]!), n };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const names = [HMAC_FLOOR, ...Object.keys(SUBJECTS)].filter(
  (name) => name.startsWith('floor') || !only || only.some((o) => name.includes(o)),
);
const jobs = names
  .map((subject) => ({
    subject,
    cases: payloads
      .filter((p) => p !== 'largeDjango' || isOurs(subject))
      // Saving the Django-written session is saving the large one: only its load and roundtrip differ.
      .flatMap((payload) =>
        ops.filter((op) => payload !== 'largeDjango' || op !== 'save').map((op) => ({ payload, op })),
      ),
  }))
  .filter((job) => job.cases.length > 0);
const rows: CallgrindRow[] = [];
const started = Date.now();
// A pool of availableParallelism() workers over the jobs, the slowest-starting (ours, peers) first.
const queue = [...jobs];
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), jobs.length) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) rows.push(...(await measure(job.subject, job.cases)));
  }),
);
process.stderr.write(`\n${((Date.now() - started) / 1000).toFixed(0)} s\n`);

const k = (x: number) => `${(x / 1000).toFixed(1)} k`;
for (const payload of payloads) {
  for (const op of ops) {
    const group = rows
      .filter((r) => r.payload === payload && r.op === op)
      .sort((a, b) => a.instructions - b.instructions);
    if (group.length === 0) continue;
    const base = payload === 'largeDjango' ? 'large' : payload;
    const of = (name: string) =>
      rows.find((r) => r.subject === name && r.payload === base && r.op === op)?.instructions;
    const ratio = (x: number, to: number | undefined) => (to ? `${(x / to).toFixed(2)}×` : '');
    console.log(`\n${payload} session, ${op} (instructions per operation)`);
    console.log(
      `  ${'subject'.padEnd(44)} ${'instr/op'.padStart(10)} ${'× JSON'.padStart(7)} ${'× zlib'.padStart(7)} ${'× peer'.padStart(7)} ${'check'.padStart(6)} ${'N'.padStart(5)}`,
    );
    for (const r of group) {
      console.log(
        `  ${r.subject.padEnd(44)} ${k(r.instructions).padStart(10)} ${ratio(r.instructions, of(FLOOR_NAMES.json)).padStart(7)} ${ratio(r.instructions, of(FLOOR_NAMES.zlib)).padStart(7)} ${ratio(r.instructions, of(PEER)).padStart(7)} ${`${(r.check * 100).toFixed(1)}%`.padStart(6)} ${String(r.n).padStart(5)}`,
      );
    }
  }
}
console.log("\n× peer: to @fastify/secure-session. largeDjango rows: ratios to the large payload's floors.");
writeFileSync(
  CALLGRIND_RESULTS,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
);
