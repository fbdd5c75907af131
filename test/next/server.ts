/**
 * The Next.js test app (this folder), built and started by build.ts: one `next start` per test process,
 * shared by every profile the conformance suite starts.
 *
 * A built app cannot take options from the test process, so `startProfile(options)` maps the suite's
 * options onto one of the app's named profiles (lib/profile-options.ts) and fails for any other set;
 * the callbacks (`onInvalid`, `onWarning`) get what the app prints for them on stdout, which Node writes
 * synchronously to a pipe, before the response that caused it.
 */
import { fileURLToPath } from 'node:url';
import { type RefusalReason, type SessionMiddlewareOptions, TokenError } from 'signed-cookie-session';
import { ensureBuilt, type StartedApp, startApp } from './build.js';
import { PROFILE_OPTIONS, type ProfileName, SESSION_EVENT } from './lib/profile-options.js';

export const APP_DIR = fileURLToPath(new URL('.', import.meta.url));

type Callbacks = Pick<SessionMiddlewareOptions, 'onInvalid' | 'onWarning'>;

interface NextServer {
  app: StartedApp;
  secrets: string;
  callbacks: Map<ProfileName, Callbacks>;
  users: number;
}

let server: Promise<NextServer> | undefined;

async function start(secret: string, fallbackSecrets: string[]): Promise<NextServer> {
  await ensureBuilt(APP_DIR, ['test/http/scenarios.ts']);
  const callbacks = new Map<ProfileName, Callbacks>();
  const app = await startApp(
    APP_DIR,
    { SESSION_SECRET: secret, SESSION_FALLBACK_SECRETS: fallbackSecrets.join(' ') },
    '/c/default/nothing',
    (line) => {
      if (!line.includes(SESSION_EVENT)) return false;
      const event = (
        JSON.parse(line) as Record<string, { profile: ProfileName; kind: 'invalid' | 'warning'; value: string }>
      )[SESSION_EVENT]!;
      const wanted = callbacks.get(event.profile);
      // The app's TokenError does not cross the process boundary; its reason does.
      if (event.kind === 'invalid')
        wanted?.onInvalid?.(
          event.value as RefusalReason,
          new TokenError(`refused in the Next.js app: ${event.value}`, event.value as RefusalReason),
        );
      else wanted?.onWarning?.(event.value);
      return true;
    },
  );
  return { app, secrets: [secret, ...fallbackSecrets].join('\0'), callbacks, users: 0 };
}

/** The running app (started on first use); `release()` stops it when its last user is done. */
export async function useNextServer(
  secret: string,
  fallbackSecrets: string[] = [],
): Promise<{ url: string; release: () => Promise<void> }> {
  server ??= start(secret, fallbackSecrets);
  const running = await server;
  if (running.secrets !== [secret, ...fallbackSecrets].join('\0'))
    throw new Error('The Next.js test app already runs with other secrets.');
  running.users++;
  let released = false;
  return {
    url: running.app.url,
    release: async () => {
      if (released) return;
      released = true;
      if (--running.users > 0) return;
      server = undefined;
      await running.app.stop();
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
    if (
      JSON.stringify(Object.entries(profile).sort()) === wanted &&
      (validate !== undefined) === (name === 'validated')
    )
      return name;
  }
  throw new Error(
    `The Next.js test app has no profile for ${wanted}${validate ? ' with validate' : ''}: add one in test/next/lib/profile-options.ts and profiles.ts.`,
  );
}

/** An adapter entry for test/http/apps.ts: the app's Route Handler under the profile for these options. */
export async function startProfile(
  options: SessionMiddlewareOptions,
): Promise<{ url: string; close: () => Promise<void> }> {
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
