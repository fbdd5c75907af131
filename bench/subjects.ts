/**
 * Everything measured: this library (sync; async on node:crypto; async on Web Crypto), the peers, and
 * the floors (bench/floors.ts) on the same data. Each subject saves data to a cookie value and loads it
 * back. A peer's module is imported only when its subject is made, so a process measuring one subject
 * (bench/callgrind.ts) loads only that one.
 */
import { deflateSync } from 'node:zlib';
import { type JsonValue, SessionSettings, SessionStore } from '../dist/index.js';
import { TimestampSigner } from '../dist/signing/index.js';
import { jsonFloor, webFloor, zlibFloor } from './floors.js';

export const SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP';

export interface Subject {
  name: string;
  async: boolean;
  save(data: Record<string, JsonValue>): string | Promise<string>;
  load(cookie: string): unknown;
  /** Load, change one field, save. */
  roundtrip(cookie: string): string | Promise<string>;
}

const settings = (crypto: 'node' | 'web') =>
  new SessionSettings({ secret: SECRET, crypto, onWarning: () => undefined });

function ours(name: string, crypto: 'node' | 'web', sync: boolean, s = settings(crypto)): Subject {
  if (sync) {
    return {
      name,
      async: false,
      save(data) {
        const store = new SessionStore(null, s);
        store.update(data);
        store.save();
        return store.sessionKey!;
      },
      load: (cookie) => new SessionStore(cookie, s).toJSON(),
      roundtrip(cookie) {
        const store = new SessionStore(cookie, s);
        store.set('lastSeen', (store.get('lastSeen') as number) + 1);
        store.save();
        return store.sessionKey!;
      },
    };
  }
  return {
    name,
    async: true,
    async save(data) {
      const store = new SessionStore(null, s);
      await store.aupdate(data);
      await store.asave();
      return store.sessionKey!;
    },
    async load(cookie) {
      return Object.fromEntries(await new SessionStore(cookie, s).aitems());
    },
    async roundtrip(cookie) {
      const store = new SessionStore(cookie, s);
      await store.aset('lastSeen', ((await store.aget('lastSeen')) as number) + 1);
      await store.asave();
      return store.sessionKey!;
    },
  };
}

/**
 * A session cookie carrying exactly this JSON text, as a Django site writes it (compressed when that is
 * shorter, as `signing.dumps(compress=True)`): what the lossless re-save reads.
 */
export function djangoCookie(json: string): string {
  const signer = new TimestampSigner({ key: SECRET, salt: 'django.contrib.sessions.backends.signed_cookies' });
  const compressed = deflateSync(json);
  const payload =
    compressed.length < Buffer.byteLength(json) - 1
      ? `.${compressed.toString('base64url')}`
      : Buffer.from(json).toString('base64url');
  return signer.sign(payload);
}

async function ironSession(): Promise<Subject> {
  const { sealData, unsealData } = await import('iron-session');
  const password = SECRET;
  return {
    name: 'iron-session 8',
    async: true,
    save: (data) => sealData(data, { password }),
    load: (cookie) => unsealData(cookie, { password }),
    async roundtrip(cookie) {
      const d = await unsealData<Record<string, number>>(cookie, { password });
      d['lastSeen']! += 1;
      return sealData(d, { password });
    },
  };
}

/** cookie-session: base64 JSON signed by Keygrip (HMAC-SHA1 of "name=value"), as its middleware does. */
async function cookieSession(): Promise<Subject> {
  const { default: Keygrip } = await import('keygrip');
  const keys = new Keygrip([SECRET]);
  const save = (data: unknown) => {
    const value = Buffer.from(JSON.stringify(data)).toString('base64');
    return `${value}.${keys.sign(`session=${value}`)}`;
  };
  const load = (cookie: string) => {
    const at = cookie.lastIndexOf('.');
    const value = cookie.slice(0, at);
    if (keys.index(`session=${value}`, cookie.slice(at + 1)) < 0) throw new Error('bad');
    return JSON.parse(Buffer.from(value, 'base64').toString()) as Record<string, number>;
  };
  return {
    name: 'cookie-session 2 (keygrip)',
    async: false,
    save,
    load,
    roundtrip: (c) => {
      const d = load(c);
      d['lastSeen']! += 1;
      return save(d);
    },
  };
}

async function reactRouter(): Promise<Subject> {
  const { createCookieSessionStorage } = await import('react-router');
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [SECRET], sameSite: 'lax' } });
  const value = (header: string) => header.slice(header.indexOf('=') + 1, header.indexOf(';'));
  return {
    name: 'react-router 7 cookie storage',
    async: true,
    async save(data) {
      const session = await storage.getSession();
      for (const [k, v] of Object.entries(data)) session.set(k, v);
      return value(await storage.commitSession(session));
    },
    async load(cookie) {
      return (await storage.getSession(`__session=${cookie}`)).data;
    },
    async roundtrip(cookie) {
      const session = await storage.getSession(`__session=${cookie}`);
      session.set('lastSeen', (session.get('lastSeen') as number) + 1);
      return value(await storage.commitSession(session));
    },
  };
}

async function honoSigned(): Promise<Subject> {
  const { parseSigned, serializeSigned } = await import('hono/utils/cookie');
  const value = (header: string) =>
    decodeURIComponent(
      header.slice(header.indexOf('=') + 1, header.indexOf(';') < 0 ? undefined : header.indexOf(';')),
    );
  return {
    name: 'hono 4 signed cookie',
    async: true,
    save: async (data) => value(await serializeSigned('s', JSON.stringify(data), SECRET)),
    async load(cookie) {
      const parsed = await parseSigned(`s=${encodeURIComponent(cookie)}`, SECRET, 's');
      return JSON.parse(parsed['s'] as string) as unknown;
    },
    async roundtrip(cookie) {
      const parsed = await parseSigned(`s=${encodeURIComponent(cookie)}`, SECRET, 's');
      const d = JSON.parse(parsed['s'] as string) as Record<string, number>;
      d['lastSeen']! += 1;
      return value(await serializeSigned('s', JSON.stringify(d), SECRET));
    },
  };
}

async function fastifySecureSession(): Promise<Subject> {
  const { default: Fastify } = await import('fastify');
  const { default: secureSession } = await import('@fastify/secure-session');
  const app = Fastify();
  await app.register(secureSession, { key: Buffer.alloc(32, 3), cookieName: 's' });
  await app.ready();
  const f = app as unknown as {
    createSecureSession(d: object): { set(k: string, v: unknown): void; get(k: string): unknown; data(): object };
    encodeSecureSession(s: unknown): string;
    decodeSecureSession(
      c: string,
    ): { get(k: string): unknown; set(k: string, v: unknown): void; data(): object } | null;
  };
  return {
    name: '@fastify/secure-session 8 (libsodium)',
    async: false,
    save: (data) => f.encodeSecureSession(f.createSecureSession({ ...data })),
    load: (cookie) => f.decodeSecureSession(cookie)!.data(),
    roundtrip(cookie) {
      const s = f.decodeSecureSession(cookie)!;
      s.set('lastSeen', (s.get('lastSeen') as number) + 1);
      return f.encodeSecureSession(s);
    },
  };
}

/** Every subject by name, made on demand; ours first (the bench signs the HMAC floor's bytes from it). */
export const SUBJECTS: Record<string, () => Subject | Promise<Subject>> = {
  'signed-cookie-session (sync)': () => ours('signed-cookie-session (sync)', 'node', true),
  'signed-cookie-session (async, node:crypto)': () => ours('signed-cookie-session (async, node:crypto)', 'node', false),
  'signed-cookie-session (async, Web Crypto)': () => ours('signed-cookie-session (async, Web Crypto)', 'web', false),
  'floor: JSON+base64url+HMAC': jsonFloor,
  'floor: JSON+zlib(1)+base64url+HMAC': zlibFloor,
  'floor: Web Crypto JSON+base64url+HMAC': webFloor,
  'iron-session 8': ironSession,
  'cookie-session 2 (keygrip)': cookieSession,
  '@fastify/secure-session 8 (libsodium)': fastifySecureSession,
  'react-router 7 cookie storage': reactRouter,
  'hono 4 signed cookie': honoSigned,
};

/** The subjects whose names contain one of `only` (all without it). */
export async function subjects(only?: readonly string[]): Promise<Subject[]> {
  const names = Object.keys(SUBJECTS).filter((name) => !only || only.some((o) => name.includes(o)));
  return Promise.all(names.map((name) => SUBJECTS[name]!()));
}

/**
 * The plain async session with a revocation check on load, against a real Redis: every check answered
 * from the in-process cache, or every check a round trip (cacheSeconds 0). The session carries a marker,
 * as a signed-in one does; saving needs no Redis.
 */
export async function revocationSubjects(
  redisUrl: string,
): Promise<{ subjects: Subject[]; close: () => Promise<void> }> {
  const { createClient } = await import('redis');
  const { MARKER_KEY, nodeRedisClient, Revocation } = await import('../dist/revocation/index.js');
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const make = (name: string, cacheSeconds: number): Subject => {
    // A generous deadline: this measures the round trip, not the failure policy.
    const revocation = new Revocation({
      client: nodeRedisClient(redis),
      cacheSeconds,
      timeoutMs: 10_000,
      prefix: 'bench:',
    });
    const s = new SessionSettings({
      secret: SECRET,
      crypto: 'node',
      onWarning: () => undefined,
      validate: revocation.validate,
    });
    const marker = { user: 'bench', generation: 0, id: 'bench-session' };
    const base = ours(name, 'node', false, s);
    return { ...base, save: (data) => base.save({ ...data, [MARKER_KEY]: marker }) };
  };
  return {
    subjects: [
      make('signed-cookie-session + revocation, cached', 3600),
      make('signed-cookie-session + revocation, Redis', 0),
    ],
    close: async () => void (await redis.close()),
  };
}
