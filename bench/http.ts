/**
 * `npm run bench:http`: requests per second and p99 latency for each adapter with a session read and
 * changed on every request, next to the framework's own server without sessions and the framework's peer
 * session library. Each server runs in its own process; autocannon drives it from this one, on loopback,
 * for a bounded time (BENCH_HTTP_SECONDS, 5 by default). Writes bench/http-results.json.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 5);
const PEERS: Record<string, string> = { node: 'iron-session 8', express: 'cookie-session 2', fastify: '@fastify/secure-session 8', hono: 'hono signed cookies' };

interface Row {
  framework: string;
  variant: string;
  label: string;
  rps: number;
  p99: number;
  errors: number;
}

async function start(framework: string, variant: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-server.ts', framework, variant], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { child, url: `http://127.0.0.1:${line.split(' ')[1]}/` };
}

async function cookieFor(url: string): Promise<string> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const rows: Row[] = [];
for (const framework of ['node', 'express', 'fastify', 'hono']) {
  for (const variant of ['bare', 'ours', 'peer']) {
    const { child, url } = await start(framework, variant);
    try {
      const cookie = variant === 'bare' ? '' : await cookieFor(url);
      await autocannon({ url, connections: 32, duration: 1, headers: cookie ? { cookie } : {} }); // warm-up
      const result = await autocannon({ url, connections: 32, duration: SECONDS, headers: cookie ? { cookie } : {} });
      const label = variant === 'bare' ? `${framework} (no session)` : variant === 'ours' ? `${framework} + signed-cookie-session` : `${framework} + ${PEERS[framework]}`;
      rows.push({ framework, variant, label, rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx });
      process.stderr.write('.');
    } finally {
      child.kill();
    }
  }
}
process.stderr.write('\n');
console.log(`${'server'.padEnd(48)} ${'req/s'.padStart(9)} ${'p99 ms'.padStart(7)} ${'× bare'.padStart(7)} ${'errors'.padStart(7)}`);
for (const r of rows) {
  const bare = rows.find((x) => x.framework === r.framework && x.variant === 'bare')!;
  console.log(`${r.label.padEnd(48)} ${Math.round(r.rps).toString().padStart(9)} ${r.p99.toFixed(1).padStart(7)} ${(r.rps / bare.rps).toFixed(2).padStart(7)} ${String(r.errors).padStart(7)}`);
}
writeFileSync(new URL('./http-results.json', import.meta.url), `${JSON.stringify({ seconds: SECONDS, connections: 32, node: process.version, rows }, null, 2)}\n`);
