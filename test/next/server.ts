/**
 * The Next.js test app (this folder) for the tests: built with `next build` once per test run (again only
 * when its sources, the built package or next change) and served with `next start` on a loopback port,
 * one server per test process, shared by every profile the conformance suite starts.
 *
 * A built app cannot take options from the test process, so `startProfile(options)` maps the suite's
 * options onto one of the app's named profiles (lib/profile-options.ts) and fails for any other set;
 * the callbacks (`onInvalid`, `onWarning`) get what the app prints for them on stdout, which Node writes
 * synchronously to a pipe, before the response that caused it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import { type RefusalReason, TokenError } from '../../src/signing/errors.js';
import { PROFILE_OPTIONS, type ProfileName, SESSION_EVENT } from './lib/profile-options.js';

export const APP_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NEXT_BIN = join(ROOT, 'node_modules/next/dist/bin/next');
const KEY_FILE = join(APP_DIR, '.next/signed-cookie-session-build-key');
const LOCK = join(APP_DIR, '.next-build-lock');
const ENV = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['.next', 'node_modules'].includes(entry.name) ? [] : files(path);
    return [path];
  });
}

/** What the build depends on: the app's sources, the shared scenarios, the built package and next. */
function buildKey(): string {
  const hash = createHash('sha256');
  const inputs = [...files(APP_DIR), join(ROOT, 'test/http/scenarios.ts'), ...files(join(ROOT, 'dist')), join(ROOT, 'node_modules/next/package.json')];
  for (const path of inputs.sort()) hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, env: { ...process.env, ...ENV }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${relative(ROOT, command)} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

const newest = (dir: string) => Math.max(...files(dir).map((path) => statSync(path).mtimeMs));

/** Builds the package (when src is newer than dist) and the app (when its build key changed). */
export async function ensureBuilt(): Promise<void> {
  // One builder at a time: test files run in parallel processes.
  for (const deadline = Date.now() + 300_000; ; ) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline || Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!existsSync(join(ROOT, 'dist/adapters/next.js')) || newest(join(ROOT, 'src')) > newest(join(ROOT, 'dist'))) {
      run(join(ROOT, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.build.json'], ROOT);
    }
    const key = buildKey();
    if (existsSync(KEY_FILE) && readFileSync(KEY_FILE, 'utf8') === key) return;
    run(NEXT_BIN, ['build'], APP_DIR);
    writeFileSync(KEY_FILE, key);
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

type Callbacks = Pick<SessionMiddlewareOptions, 'onInvalid' | 'onWarning'>;

interface NextServer {
  url: string;
  secrets: string;
  child: ChildProcess;
  callbacks: Map<ProfileName, Callbacks>;
  users: number;
}

let server: Promise<NextServer> | undefined;

/** `next start` with the secrets; resolves once it answers. */
async function start(secret: string, fallbackSecrets: string[]): Promise<NextServer> {
  await ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: APP_DIR,
    env: { ...process.env, ...ENV, SESSION_SECRET: secret, SESSION_FALLBACK_SECRETS: fallbackSecrets.join(' ') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: NextServer = { url: `http://127.0.0.1:${port}`, secrets: [secret, ...fallbackSecrets].join('\0'), child, callbacks: new Map(), users: 0 };
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.includes(SESSION_EVENT)) return void (log += `${line}\n`);
    const event = (JSON.parse(line) as Record<string, { profile: ProfileName; kind: 'invalid' | 'warning'; value: string }>)[SESSION_EVENT]!;
    const callbacks = started.callbacks.get(event.profile);
    // The app's TokenError does not cross the process boundary; its reason does.
    if (event.kind === 'invalid') callbacks?.onInvalid?.(event.value as RefusalReason, new TokenError(`refused in the Next.js app: ${event.value}`, event.value as RefusalReason));
    else callbacks?.onWarning?.(event.value);
  });
  process.once('exit', () => child.kill('SIGTERM'));
  for (const deadline = Date.now() + 60_000; ; ) {
    try {
      const res = await fetch(`${started.url}/c/default/nothing`);
      if (res.ok) return started;
      if (res.status >= 500) throw new Error(`next start answers ${res.status}`);
    } catch (error) {
      // not listening yet; an app that answers 5xx will not recover
      if ((error as Error).message.startsWith('next start answers')) {
        child.kill('SIGTERM');
        throw new Error(`${(error as Error).message}:\n${log}`);
      }
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`next start did not answer:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The running app (started on first use); `release()` stops it when its last user is done. */
export async function useNextServer(secret: string, fallbackSecrets: string[] = []): Promise<{ url: string; release: () => Promise<void> }> {
  server ??= start(secret, fallbackSecrets);
  const running = await server;
  if (running.secrets !== [secret, ...fallbackSecrets].join('\0')) throw new Error('The Next.js test app already runs with other secrets.');
  running.users++;
  let released = false;
  return {
    url: running.url,
    release: async () => {
      if (released) return;
      released = true;
      if (--running.users > 0) return;
      server = undefined;
      await new Promise<void>((resolve) => {
        running.child.once('exit', () => resolve());
        running.child.kill('SIGTERM');
      });
    },
  };
}

/** The profile whose options are these (functions aside), or an error saying where to add one. */
function profileFor(options: SessionMiddlewareOptions): ProfileName {
  const functions = ['validate', 'onInvalid', 'onWarning'];
  const rest = Object.entries(options).filter(([key]) => !['secret', 'fallbackSecrets', ...functions].includes(key));
  const wanted = JSON.stringify(rest.sort());
  const validate = options.validate;
  for (const name of Object.keys(PROFILE_OPTIONS) as ProfileName[]) {
    const profile = { secure: false, ...PROFILE_OPTIONS[name] };
    if (JSON.stringify(Object.entries(profile).sort()) === wanted && (validate !== undefined) === (name === 'validated')) return name;
  }
  throw new Error(`The Next.js test app has no profile for ${wanted}${validate ? ' with validate' : ''}: add one in test/next/lib/profile-options.ts and profiles.ts.`);
}

/** An adapter entry for test/http/apps.ts: the app's Route Handler under the profile for these options. */
export async function startProfile(options: SessionMiddlewareOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const name = profileFor(options);
  const secret = typeof options.secret === 'string' ? options.secret : Buffer.from(options.secret).toString();
  const fallbacks = (options.fallbackSecrets ?? []).map((s) => (typeof s === 'string' ? s : Buffer.from(s).toString()));
  const { url, release } = await useNextServer(secret, fallbacks);
  const running = await server!;
  running.callbacks.set(name, { onInvalid: options.onInvalid, onWarning: options.onWarning });
  return {
    url: `${url}/c/${name}`,
    close: async () => {
      running.callbacks.delete(name);
      await release();
    },
  };
}
