/**
 * `npm run bench:http`: requests per second and p99 latency for each adapter with a session read and
 * changed on every request, on the small and the large session (bench/payloads.ts), next to the
 * framework's own server without sessions, the same bare server doing a floor's work by hand (node, Koa,
 * h3: the JSON floor on the small session, the zlib floor on the large one; bench/floor-request.ts) and the
 * framework's peer session library. Each server runs in its own process; autocannon drives it from this
 * one, on loopback, for BENCH_HTTP_SECONDS (2 by default) after half a second of warm-up. A framework's
 * servers are measured in turn, BENCH_HTTP_ROUNDS times (2 by default: A B C, A B C), and each figure is
 * the median of its rounds with the spread (max/min): this machine drifts by more than the differences
 * being measured. BENCH_HTTP_FRAMEWORKS and BENCH_HTTP_PAYLOADS (comma-separated) run only some.
 * Writes bench/http-results.json.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 2);
const ROUNDS = Number(process.env['BENCH_HTTP_ROUNDS'] ?? 2);
const VARIANTS: Record<string, string[]> = {
  node: ['bare', 'floor', 'ours', 'peer'],
  express: ['bare', 'ours', 'peer'],
  fastify: ['bare', 'ours', 'peer'],
  hono: ['bare', 'ours', 'peer'],
  koa: ['bare', 'floor', 'ours'],
  h3: ['bare', 'floor', 'ours'],
  'react-router': ['bare', 'ours', 'peer'],
};
const PEERS: Record<string, string> = {
  node: 'iron-session 8',
  express: 'cookie-session 2',
  fastify: '@fastify/secure-session 8',
  hono: 'hono signed cookies',
  'react-router': 'react-router 7 cookie storage',
};

interface Row {
  framework: string;
  payload: string;
  variant: string;
  label: string;
  rps: number;
  p99: number;
  errors: number;
  /** req/s of each round, in order. */
  rounds: number[];
  /** max/min of the rounds. */
  spread: number;
}

/** The middle value; of an even count, the mean of the middle two (of ABAB's two rounds, their mean). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function start(framework: string, variant: string, payload: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-server.ts', framework, variant, payload], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { child, url: `http://127.0.0.1:${line.split(' ')[1]}/` };
}

async function cookieFor(url: string): Promise<string> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function measure(
  framework: string,
  variant: string,
  payload: string,
): Promise<{ rps: number; p99: number; errors: number }> {
  const { child, url } = await start(framework, variant, payload);
  try {
    const cookie = variant === 'bare' ? '' : await cookieFor(url);
    await autocannon({ url, connections: 32, duration: 0.5, headers: cookie ? { cookie } : {} }); // warm-up
    const result = await autocannon({ url, connections: 32, duration: SECONDS, headers: cookie ? { cookie } : {} });
    process.stderr.write('.');
    return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
  } finally {
    child.kill();
  }
}

const LABELS: Record<string, (framework: string) => string> = {
  bare: (framework) => `${framework} (no session)`,
  floor: (framework) => `${framework} + the floor's work by hand`,
  ours: (framework) => `${framework} + signed-cookie-session`,
  peer: (framework) => `${framework} + ${PEERS[framework]}`,
};
const frameworks = process.env['BENCH_HTTP_FRAMEWORKS']?.split(',') ?? Object.keys(VARIANTS);
const payloads = process.env['BENCH_HTTP_PAYLOADS']?.split(',') ?? ['small', 'large'];
const rows: Row[] = [];
for (const payload of payloads)
  for (const framework of frameworks) {
    const variants = VARIANTS[framework]!;
    const runs: Record<string, { rps: number; p99: number; errors: number }[]> = Object.fromEntries(
      variants.map((v) => [v, []]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) runs[variant]!.push(await measure(framework, variant, payload));
    }
    for (const variant of variants) {
      const list = runs[variant]!;
      const rps = list.map((r) => r.rps);
      const label = LABELS[variant]!(framework);
      rows.push({
        framework,
        payload,
        variant,
        label,
        rps: median(rps),
        p99: median(list.map((r) => r.p99)),
        errors: list.reduce((n, r) => n + r.errors, 0),
        rounds: rps.map(Math.round),
        spread: Math.max(...rps) / Math.min(...rps),
      });
    }
  }
process.stderr.write('\n');
const find = (r: Row, variant: string) =>
  rows.find((x) => x.framework === r.framework && x.payload === r.payload && x.variant === variant);
const times = (r: Row, variant: string) => {
  const other = find(r, variant);
  return other && other !== r ? (r.rps / other.rps).toFixed(2) : '';
};
for (const payload of payloads) {
  console.log(`\n${payload} session`);
  console.log(
    `${'server'.padEnd(48)} ${'req/s'.padStart(9)} ${'p99 ms'.padStart(7)} ${'× bare'.padStart(7)} ${'× floor'.padStart(7)} ${'× peer'.padStart(7)} ${'spread'.padStart(7)} ${'errors'.padStart(7)}  rounds`,
  );
  for (const r of rows.filter((x) => x.payload === payload)) {
    console.log(
      `${r.label.padEnd(48)} ${Math.round(r.rps).toString().padStart(9)} ${r.p99.toFixed(1).padStart(7)} ${times(r, 'bare').padStart(7)} ${times(r, 'floor').padStart(7)} ${times(r, 'peer').padStart(7)} ${r.spread.toFixed(2).padStart(7)} ${String(r.errors).padStart(7)}  ${r.rounds.join(' ')}`,
    );
  }
}
writeFileSync(
  new URL('./http-results.json', import.meta.url),
  `${JSON.stringify({ seconds: SECONDS, rounds: ROUNDS, connections: 32, node: process.version, rows }, null, 2)}\n`,
);
