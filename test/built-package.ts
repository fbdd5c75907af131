/**
 * Tests that import the public subpaths ('signed-cookie-session/...') run the built package: Node and tsx
 * resolve them through package.json `exports` to dist/. Imported first, this module stops a run whose
 * dist/ is missing or older than src/, which would otherwise test a stale build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The source file whose build in dist/ is missing or older than it, if any. */
export function staleSource(dir = join(ROOT, 'src')): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const stale = staleSource(path);
      if (stale) return stale;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), path)).replace(/\.ts$/, '.js');
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(path).mtimeMs) return relative(ROOT, path);
    }
  }
  return undefined;
}

const stale = staleSource();
if (stale)
  throw new Error(`dist/ is missing or older than ${stale}: run \`npm run build\` (tests here run the built package).`);
