/**
 * Builds a SvelteKit app with adapter-node (`vite build` in its directory) and loads its request handler,
 * as `node build` would serve it. The app bundles the built package (dist/), so run `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const built = new Map<string, Promise<NodeHandler>>();

export function buildSvelteKit(dir: string): Promise<NodeHandler> {
  let handler = built.get(dir);
  if (!handler) {
    handler = (async () => {
      if (!existsSync('dist/adapters/sveltekit.js'))
        throw new Error('dist/ is missing: run `npm run build` before this test.');
      const vite = resolve('node_modules/vite/bin/vite.js');
      await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error'], {
        cwd: dir,
        encoding: 'utf8',
      }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`vite build in ${dir} failed: ${error.stderr || error.message}`);
      });
      return ((await import(pathToFileURL(resolve(dir, 'build/handler.js')).href)) as { handler: NodeHandler }).handler;
    })();
    built.set(dir, handler);
  }
  return handler;
}
