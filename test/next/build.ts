/**
 * Next.js apps for the tests (test/next, examples/next): each built with `next build` once per test run
 * (again only when its sources, the built package or next change) and served with `next start` on a
 * loopback port. Builds are serialised across test processes by a lock directory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NEXT_BIN = join(ROOT, 'node_modules/next/dist/bin/next');
const LOCK = join(ROOT, 'test/next/.next-build-lock');
const ENV = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['.next', 'node_modules'].includes(entry.name) ? [] : files(path);
    return [path];
  });
}

/** What a build depends on: the app's sources, what it imports from elsewhere, the built package and next. */
function buildKey(appDir: string, imported: string[]): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(appDir),
    ...imported.map((path) => join(ROOT, path)),
    ...files(join(ROOT, 'dist')),
    join(ROOT, 'node_modules/next/package.json'),
  ];
  for (const path of inputs.sort())
    hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [command, ...args], {
    cwd,
    env: { ...process.env, ...ENV },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`${relative(ROOT, command)} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

const newest = (dir: string) => Math.max(...files(dir).map((path) => statSync(path).mtimeMs));

/** Builds the package (when src is newer than dist), then the app (when its build key changed). */
export async function ensureBuilt(appDir: string, imported: string[] = []): Promise<void> {
  for (const deadline = Date.now() + 300_000; ;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline || Date.now() - statSync(LOCK).mtimeMs > 300_000)
        rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!existsSync(join(ROOT, 'dist/adapters/next.js')) || newest(join(ROOT, 'src')) > newest(join(ROOT, 'dist'))) {
      run(join(ROOT, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.build.json'], ROOT);
    }
    const keyFile = join(appDir, '.next/signed-cookie-session-build-key');
    const key = buildKey(appDir, imported);
    if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return;
    run(NEXT_BIN, ['build'], appDir);
    writeFileSync(keyFile, key);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface StartedApp {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * `next start` for a built app with this env; resolves once `readyPath` answers 2xx (fails at once on a
 * 5xx, or after 60 s). Each stdout line goes to `onLine`; the rest is kept for the error message.
 */
export async function startApp(
  appDir: string,
  env: Record<string, string>,
  readyPath: string,
  onLine: (line: string) => boolean = () => false,
): Promise<StartedApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: appDir,
    env: { ...process.env, ...ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!onLine(line)) log += `${line}\n`;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  process.once('exit', () => child.kill('SIGTERM'));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    let status = 0;
    try {
      status = (await fetch(`${url}${readyPath}`)).status;
    } catch {
      // not listening yet
    }
    if (status >= 200 && status < 300) return { url, child, stop };
    if (status >= 500 || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `next start in ${relative(ROOT, appDir)} did not answer ${readyPath} (${status || 'no answer'}):\n${log}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
