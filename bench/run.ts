/**
 * The first part of `npm run bench` (`npm run bench:wall` alone): save, load and roundtrip (load, change
 * one field, save) of the sessions of bench/payloads.ts (small, large, its ASCII twin), for this library,
 * the peers and the floors. These machines drift by up to 1.7× within seconds, so each operation is timed
 * in short slices (mitata's `measure`) alternating with a slice of the raw HMAC floor on the same bytes,
 * and the median ratio to that floor is reported with the nanoseconds, and the ratio to the JSON and zlib
 * floors. Prints a table, writes bench/results.json and draws bench/chart.svg. The revocation check runs
 * against a real redis-server that the bench starts on a free loopback port and stops.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { measure } from 'mitata';
import { PAYLOADS, type PayloadName } from './payloads.js';
import { hmacFloorFor, OPS, prepare } from './operations.js';
import { revocationSubjects, type Subject, subjects } from './subjects.js';
import { startRedis } from '../test/revocation/redis-server.js';
import { drawChart } from './chart.js';

const SLICES = Number(process.env['BENCH_SLICES'] ?? 5);
const SLICE_NS = Number(process.env['BENCH_SLICE_MS'] ?? 40) * 1e6;

export interface Row {
  subject: string;
  payload: PayloadName;
  op: (typeof OPS)[number];
  ns: number;
  ratioToHmac: number;
  spread: number;
  cookieBytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => unknown, isAsync: boolean): Promise<number> {
  const stats = await measure(isAsync ? async () => await fn() : fn, {
    min_cpu_time: SLICE_NS,
    max_samples: 1e9,
    min_samples: 12,
  } as never);
  return (stats as { avg: number }).avg;
}

async function main(): Promise<void> {
  // BENCH_ONLY: comma-separated substrings of subject names to keep (the floors always run).
  const only = process.env['BENCH_ONLY']?.split(',');
  const redis = await startRedis();
  const revocation = await revocationSubjects(redis.url);
  try {
    await run(
      [...(await subjects()), ...revocation.subjects].filter(
        (s) => !only || s.name.startsWith('floor') || only.some((o) => s.name.includes(o)),
      ),
    );
  } finally {
    await revocation.close();
    await redis.stop();
  }
}

async function run(list: Subject[]): Promise<void> {
  const rows: Row[] = [];
  for (const payloadName of Object.keys(PAYLOADS) as PayloadName[]) {
    // The floor signs the same bytes as our own token for this payload.
    const floor = await hmacFloorFor(payloadName);
    for (const subject of list) {
      const { cookie, ops } = await prepare(subject, payloadName);
      for (const op of OPS) {
        const ratios: number[] = [];
        const ns: number[] = [];
        for (let i = 0; i < SLICES; i++) {
          const t = await time(ops[op], subject.async);
          const f = await time(floor, false);
          ns.push(t);
          ratios.push(t / f);
        }
        const ratio = median(ratios);
        const spread = Math.max(...ratios) / Math.min(...ratios);
        rows.push({
          subject: subject.name,
          payload: payloadName,
          op,
          ns: median(ns),
          ratioToHmac: ratio,
          spread,
          cookieBytes: cookie.length,
        });
        process.stderr.write('.');
      }
    }
  }
  process.stderr.write('\n');
  print(rows);
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    slices: SLICES,
    sliceMs: SLICE_NS / 1e6,
    date: new Date().toISOString(),
  };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
  writeFileSync(new URL('./chart.svg', import.meta.url), drawChart(rows));
  console.log(
    `\nWrote bench/results.json and bench/chart.svg (${machine.cpu}, ${machine.cores} cores, Node ${machine.node}).`,
  );
}

function print(rows: Row[]): void {
  for (const payload of Object.keys(PAYLOADS) as PayloadName[]) {
    for (const op of OPS) {
      const group = rows.filter((r) => r.payload === payload && r.op === op);
      const floor = group.find((r) => r.subject.startsWith('floor: JSON+base64url'))!;
      const zlib = group.find((r) => r.subject.startsWith('floor: JSON+zlib'))!;
      console.log(`\n${payload} session, ${op}`);
      console.log(
        `  ${'subject'.padEnd(44)} ${'µs/op'.padStart(8)} ${'× HMAC'.padStart(8)} ${'× JSON'.padStart(8)} ${'× zlib'.padStart(8)} ${'spread'.padStart(7)} ${'cookie'.padStart(7)}`,
      );
      for (const r of [...group].sort((a, b) => a.ratioToHmac - b.ratioToHmac)) {
        console.log(
          `  ${r.subject.padEnd(44)} ${(r.ns / 1000).toFixed(2).padStart(8)} ${r.ratioToHmac.toFixed(2).padStart(8)} ${(r.ratioToHmac / floor.ratioToHmac).toFixed(2).padStart(8)} ${(r.ratioToHmac / zlib.ratioToHmac).toFixed(2).padStart(8)} ${r.spread.toFixed(2).padStart(7)} ${String(r.cookieBytes).padStart(7)}`,
        );
      }
    }
  }
}

await main();
