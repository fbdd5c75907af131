/**
 * `npm run test:quick`: every test file that needs no system package, on any system with Node. Says
 * what it leaves out before and after the run; `npm test` (and CI) runs everything.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Test directories that need something from the system, and what. */
const NEEDS_SYSTEM: Record<string, string> = {
  'test/e2e':
    'Chromium (CHROMIUM_PATH or /usr/bin/chromium) and openssl: the demo and cookie tossing in a real browser',
  'test/interop': 'Django 3.2, 4.2 and 5.2 from scripts/django.sh: a real Django site per version',
  'test/login': 'Django 5.2 and 4.2 from scripts/django.sh: a real Django site with django.contrib.auth on SQLite',
  'test/next':
    'Chromium and Django 5.2 (scripts/django.sh): a Server Action form in a real browser, its cookie read by Django',
  'test/revocation': 'redis-server: revocation and the fleet on a real Redis',
};

const dirs = readdirSync('test', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `test/${d.name}`);
const files = dirs
  .filter((dir) => !(dir in NEEDS_SYSTEM))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(dir, f)),
  );
const leftOut = Object.entries(NEEDS_SYSTEM)
  .map(([dir, need]) => `  ${dir}: needs ${need}`)
  .join('\n');

console.log(`test:quick leaves out (run \`npm test\` for everything):\n${leftOut}\n`);
const { status } = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files.sort()], { stdio: 'inherit' });
console.log(`\ntest:quick left out:\n${leftOut}`);
process.exit(status ?? 1);
