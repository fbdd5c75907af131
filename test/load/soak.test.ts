/**
 * A bounded soak (SOAK_SECONDS, 60 by default) against the node adapter and Express at once, each in its own
 * process on loopback, with 24 concurrent clients each: sign in, read, change, tampered cookies, sign out.
 * Asserts zero errors and that the server's RSS grows by less than 48 MiB after warm-up.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { SECRET } from '../helpers.js';

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 60);
const CLIENTS = 24;
const RSS_BOUND_MIB = 48;

async function startServer(kind: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', 'test/load/soak-server.ts', kind], {
    env: { ...process.env, SOAK_SECRET: SECRET },
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { child, url: `http://127.0.0.1:${line.split(' ')[1]}` };
}

async function client(url: string, until: number, stats: { requests: number; errors: string[] }) {
  let cookie: string | undefined;
  for (let i = 0; Date.now() < until; i++) {
    const path = ['/write', '/read', '/write', '/read', '/flush'][i % 5]!;
    const send = i % 17 === 0 && cookie ? `${cookie.slice(0, -3)}xyz` : cookie; // now and then, a tampered cookie
    try {
      const res = await fetch(`${url}${path}`, { headers: send ? { cookie: `sessionid=${send}` } : {} });
      const body = (await res.json()) as { n: number };
      if (res.status !== 200 || typeof body.n !== 'number') stats.errors.push(`${path}: ${res.status}`);
      const set = res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
      if (set) cookie = /Max-Age=0/.test(set) ? undefined : set.slice('sessionid='.length, set.indexOf(';'));
      stats.requests++;
    } catch (error) {
      stats.errors.push(String(error));
    }
  }
}

const rss = async (url: string) => Number(await (await fetch(`${url}/__rss`)).text());

test(`soak: ${SECONDS} s, node adapter and Express, ${CLIENTS} clients each: no errors, bounded memory`, async () => {
  const servers = await Promise.all(['node', 'express'].map(startServer));
  try {
    const results = await Promise.all(
      servers.map(async ({ url }) => {
        const stats = { requests: 0, errors: [] as string[] };
        const start = Date.now();
        const warm = Math.min(10_000, (SECONDS * 1000) / 6);
        await Promise.all(Array.from({ length: CLIENTS }, () => client(url, start + warm, stats)));
        const base = await rss(url);
        await Promise.all(Array.from({ length: CLIENTS }, () => client(url, start + SECONDS * 1000, stats)));
        return { ...stats, growthMiB: ((await rss(url)) - base) / 2 ** 20 };
      }),
    );
    for (const [i, { requests, errors, growthMiB }] of results.entries()) {
      const name = ['node', 'express'][i];
      console.log(
        `soak ${name}: ${requests} requests in ${SECONDS} s, ${errors.length} errors, RSS growth after warm-up ${growthMiB.toFixed(1)} MiB`,
      );
      assert.deepEqual(errors.slice(0, 5), []);
      assert.ok(requests > SECONDS * 50, `${name}: only ${requests} requests`);
      assert.ok(growthMiB < RSS_BOUND_MIB, `${name}: RSS grew ${growthMiB.toFixed(1)} MiB`);
    }
  } finally {
    for (const { child } of servers) child.kill();
  }
});
