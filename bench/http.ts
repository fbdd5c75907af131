/**
 * `npm run bench:http`: requests per second and p99 latency for each adapter with a session read and
 * changed on every request, next to the framework's own server without sessions and the framework's peer
 * session library. Each server runs in its own process; autocannon drives it from this one, on loopback,
 * for a bounded time (BENCH_HTTP_SECONDS, 5 by default). The three servers of a framework are measured in
 * turn, BENCH_HTTP_ROUNDS times (3 by default), and each figure is the median of its rounds, with the
 * spread (max/min): this machine drifts by more than the differences being measured. For node:http a
 * fourth server is the floor: a hand-written JSON + base64url + HMAC cookie with the same headers as ours,
 * the least any signed-cookie session can cost. BENCH_HTTP_FRAMEWORKS (comma-separated) runs only some
 * frameworks. Writes bench/http-results.json.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_HTTP_ROUNDS'] ?? 3);
const PEERS: Record<string, string> = {
  node: 'iron-session 8',
  express: 'cookie-session 2',
  fastify: '@fastify/secure-session 8',
  hono: 'hono signed cookies',
};

interface Row {
  framework: string;
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function start(framework: string, variant: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-server.ts', framework, variant], {
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

async function measure(framework: string, variant: string): Promise<{ rps: number; p99: number; errors: number }> {
  const { child, url } = await start(framework, variant);
  try {
    const cookie = variant === 'bare' ? '' : await cookieFor(url);
    await autocannon({ url, connections: 32, duration: 1, headers: cookie ? { cookie } : {} }); // warm-up
    const result = await autocannon({ url, connections: 32, duration: SECONDS, headers: cookie ? { cookie } : {} });
    process.stderr.write('.');
    return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
  } finally {
    child.kill();
  }
}

const LABELS: Record<string, (framework: string) => string> = {
  bare: (framework) => `${framework} (no session)`,
  floor: (framework) => `${framework} + floor: JSON+base64url+HMAC by hand`,
  ours: (framework) => `${framework} + signed-cookie-session`,
  peer: (framework) => `${framework} + ${PEERS[framework]}`,
};
const frameworks = process.env['BENCH_HTTP_FRAMEWORKS']?.split(',') ?? ['node', 'express', 'fastify', 'hono'];
const rows: Row[] = [];
for (const framework of frameworks) {
  const variants = framework === 'node' ? ['bare', 'floor', 'ours', 'peer'] : ['bare', 'ours', 'peer'];
  const runs: Record<string, { rps: number; p99: number; errors: number }[]> = Object.fromEntries(
    variants.map((v) => [v, []]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of variants) runs[variant]!.push(await measure(framework, variant));
  }
  for (const variant of variants) {
    const list = runs[variant]!;
    const rps = list.map((r) => r.rps);
    const label = LABELS[variant]!(framework);
    rows.push({
      framework,
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
console.log(
  `${'server'.padEnd(48)} ${'req/s'.padStart(9)} ${'p99 ms'.padStart(7)} ${'× bare'.padStart(7)} ${'spread'.padStart(7)} ${'errors'.padStart(7)}  rounds`,
);
for (const r of rows) {
  const bare = rows.find((x) => x.framework === r.framework && x.variant === 'bare')!;
  console.log(
    `${r.label.padEnd(48)} ${Math.round(r.rps).toString().padStart(9)} ${r.p99.toFixed(1).padStart(7)} ${(r.rps / bare.rps).toFixed(2).padStart(7)} ${r.spread.toFixed(2).padStart(7)} ${String(r.errors).padStart(7)}  ${r.rounds.join(' ')}`,
  );
}
writeFileSync(
  new URL('./http-results.json', import.meta.url),
  `${JSON.stringify({ seconds: SECONDS, rounds: ROUNDS, connections: 32, node: process.version, rows }, null, 2)}\n`,
);
