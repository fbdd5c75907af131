/**
 * A new project that installed the package as a user would: the tarball `npm pack` makes from the built
 * package, unpacked into `node_modules/signed-cookie-session` of a temporary directory. The project's other
 * dependencies (frameworks, `@types/node`, `cookie`) are links to this repository's `node_modules`, so
 * nothing is downloaded. Used by the package test and the README test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

export interface UserProject {
  dir: string;
  /** The paths the tarball holds, relative to the package root. */
  files: string[];
  /** Type-checks `files` (relative to `dir`) with these compiler options; returns tsc's diagnostics. */
  typecheck(files: string[], compilerOptions: Record<string, unknown>): string;
  remove(): void;
}

export function userProject(): UserProject {
  if (!existsSync(join(ROOT, 'dist/index.js')))
    throw new Error('The package is not built: run "npm run build" first (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'scs-user-'));
  // --ignore-scripts: the package is built already; packing must not rebuild it under a running test.
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const installed = join(dir, 'node_modules/signed-cookie-session');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, pack!.filename), '-C', installed, '--strip-components=1']);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || entry === 'signed-cookie-session') continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
  return {
    dir,
    files: pack!.files.map((f) => f.path),
    typecheck(files, compilerOptions) {
      const config = `tsconfig.${Math.random().toString(36).slice(2)}.json`;
      writeFileSync(
        join(dir, config),
        JSON.stringify({
          compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, types: ['node'], ...compilerOptions },
          files,
        }),
      );
      try {
        execFileSync(process.execPath, [TSC, '-p', config], { cwd: dir, encoding: 'utf8' });
        return '';
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
