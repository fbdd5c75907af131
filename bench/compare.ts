/**
 * `npm run bench:compare`: this build against an earlier one, both loaded into one process and timed
 * interleaved (each round times every operation once on each build, alternating which goes first), so
 * the machine's drift cancels out. BENCH_BEFORE is the earlier checkout, built (`dist/`); e.g.
 * `git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)`.
 * Prints the median CPU time of each operation on each build and the median of the per-round ratios.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { large, small } from './payloads.js';
import { SECRET } from './subjects.js';
import { cpuTime, median } from './cpu-time.js';

type Index = typeof import('../dist/index.js');
type Signing = typeof import('../dist/signing/index.js');
type Middleware = typeof import('../dist/http/session-middleware.js');

const before = process.env['BENCH_BEFORE'];
if (!before) throw new Error('Set BENCH_BEFORE to the directory of the earlier build (a checkout with dist/).');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 12);
const SLICE_NS = Number(process.env['BENCH_SLICE_MS'] ?? 30) * 1e6;

interface Build {
  index: Index;
  signing: Signing;
  middleware: Middleware;
}

async function load(root: string): Promise<Build> {
  const url = (path: string) => new URL(path, pathToFileURL(root.endsWith('/') ? root : `${root}/`)).href;
  return {
    index: (await import(url('dist/index.js'))) as Index,
    signing: (await import(url('dist/signing/index.js'))) as Signing,
    middleware: (await import(url('dist/http/session-middleware.js'))) as Middleware,
  };
}

type Op = () => unknown;

/** The operations, built against one build; the same names on each. */
function operations({ index, signing, middleware }: Build): Record<string, { op: Op; async: boolean }> {
  const quiet = () => undefined;
  const out: Record<string, { op: Op; async: boolean }> = {};
  for (const crypto of ['node', 'web'] as const) {
    const settings = new index.SessionSettings({ secret: SECRET, crypto, onWarning: quiet });
    const m = new middleware.SessionMiddleware({ secret: SECRET, crypto, secure: false, onWarning: quiet });
    for (const [size, data] of [
      ['small', small],
      ['large', large],
    ] as const) {
      const store = new index.SessionStore(null, settings);
      store.update(data);
      store.save();
      const cookie = store.sessionKey!;
      const header = `csrftoken=abc; sessionid=${cookie}; theme=dark`;
      if (crypto === 'node') {
        out[`store save, ${size}`] = {
          async: false,
          op: () => {
            const s = new index.SessionStore(null, settings);
            s.update(data);
            s.save();
            return s.sessionKey;
          },
        };
        out[`store load, ${size}`] = { async: false, op: () => new index.SessionStore(cookie, settings).toJSON() };
        out[`store roundtrip, ${size}`] = {
          async: false,
          op: () => {
            const s = new index.SessionStore(cookie, settings);
            s.set('lastSeen', (s.get('lastSeen') as number) + 1);
            s.save();
            return s.sessionKey;
          },
        };
        out[`middleware request, ${size}`] = {
          async: false,
          op: () => {
            const st = m.open(header);
            st.session.set('lastSeen', (st.session.get('lastSeen') as number) + 1);
            return m.commit(st, 200);
          },
        };
        out[`dumps, ${size} (compress: true)`] = {
          async: false,
          op: () => signing.dumps(data, { key: SECRET, compress: true }),
        };
        const token = signing.dumps(data, { key: SECRET, compress: true });
        out[`loads, ${size} (compressed)`] = { async: false, op: () => signing.loads(token, { key: SECRET }) };
      }
      out[`async store roundtrip, ${size}, ${crypto}`] = {
        async: true,
        op: async () => {
          const s = new index.SessionStore(cookie, settings);
          await s.aset('lastSeen', ((await s.aget('lastSeen')) as number) + 1);
          await s.asave();
          return s.sessionKey;
        },
      };
      out[`async middleware request, ${size}, ${crypto}`] = {
        async: true,
        op: async () => {
          const st = await m.aopen(header);
          await st.session.aset('lastSeen', ((await st.session.aget('lastSeen')) as number) + 1);
          return m.acommit(st, 200);
        },
      };
    }
    const signer = new signing.Signer({ key: SECRET, crypto });
    const signed = signer.sign('hello world');
    if (crypto === 'node') {
      out['Signer sign'] = { async: false, op: () => signer.sign('hello world') };
      out['Signer unsign'] = { async: false, op: () => signer.unsign(signed) };
      out['Signer unsign, refused'] = {
        async: false,
        op: () => {
          try {
            signer.unsign(`${signed.slice(0, -2)}AA`);
          } catch {
            /* refused */
          }
        },
      };
    }
    out[`Signer asign, ${crypto}`] = { async: true, op: () => signer.asign('hello world') };
    out[`Signer aunsign, ${crypto}`] = { async: true, op: () => signer.aunsign(signed) };
  }
  return out;
}

const time = (op: Op, isAsync: boolean) => cpuTime(op, isAsync, SLICE_NS);

// The build loaded second runs a few per cent slower in an A/A run (both sides the same build), so
// BENCH_AFTER_FIRST=1 loads this build first; run both orders and read the two ratios together.
const here = fileURLToPath(new URL('..', import.meta.url));
const afterFirst = process.env['BENCH_AFTER_FIRST'] === '1';
const loaded = afterFirst ? [await load(here), await load(before)] : [await load(before), await load(here)];
const [old, now] = (afterFirst ? [loaded[1]!, loaded[0]!] : loaded).map(operations) as [
  ReturnType<typeof operations>,
  ReturnType<typeof operations>,
];
// BENCH_ONLY: comma-separated substrings of operation names to keep.
const only = process.env['BENCH_ONLY']?.split(',');
const names = Object.keys(now).filter((n) => n in old && (!only || only.some((o) => n.includes(o))));
const results: { name: string; before: number; after: number; ratio: number }[] = [];
for (const name of names) {
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which build goes first, so neither always runs on a warmer machine.
    const first = round % 2 === 0;
    const x = first ? await time(old[name]!.op, old[name]!.async) : 0;
    const y = await time(now[name]!.op, now[name]!.async);
    const z = first ? x : await time(old[name]!.op, old[name]!.async);
    a.push(z);
    b.push(y);
    ratios.push(y / z);
  }
  results.push({ name, before: median(a), after: median(b), ratio: median(ratios) });
  process.stderr.write('.');
}
process.stderr.write('\n');
const us = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
console.log('| operation | before | after | after/before |\n|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${us(r.before)} | ${us(r.after)} | ${r.ratio.toFixed(2)} |`);
