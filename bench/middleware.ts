/**
 * `npm run bench:middleware`: the cost of one request's session work without HTTP, in a tight loop: the
 * middleware core opening a Cookie header, the app reading and changing one field, and the commit that
 * signs it and builds Set-Cookie, Vary and Cache-Control. Next to it, the store alone (load, change, save)
 * and the JSON + base64url + HMAC floor on the same data, alternated in rounds because this machine drifts.
 * This is the figure to compare with the per-request budget of `npm run bench:http`.
 */
import { SessionMiddleware } from '../dist/http/session-middleware.js';
import { type JsonValue, SessionSettings, SessionStore } from '../dist/index.js';
import { large, small } from './payloads.js';
import { jsonFloor } from './floors.js';
import { SECRET } from './subjects.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const ITERATIONS = 20_000;
const settings = new SessionSettings({ secret: SECRET, onWarning: () => undefined });
const middleware = new SessionMiddleware({ secret: SECRET, secure: false, onWarning: () => undefined });
const floorSubject = jsonFloor();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const [name, data] of [
  ['small', small],
  ['large', large],
] as const) {
  const store = new SessionStore(null, settings);
  store.update(data as Record<string, JsonValue>);
  store.save();
  const cookie = store.sessionKey!;
  const floorCookie = floorSubject.save(data) as string;
  const cases: Record<string, () => unknown> = {
    'floor: JSON+base64url+HMAC roundtrip': () => floorSubject.roundtrip(floorCookie),
    'store roundtrip (load, change, save)': () => {
      const s = new SessionStore(cookie, settings);
      s.set('lastSeen', (s.get('lastSeen') as number) + 1);
      s.save();
      return s.sessionKey;
    },
    'middleware: open, change, commit + headers': () => {
      const state = middleware.open(`csrftoken=abc; sessionid=${cookie}; theme=dark`);
      state.session.set('lastSeen', (state.session.get('lastSeen') as number) + 1);
      return middleware.commit(state, 200);
    },
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, fn] of Object.entries(cases)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < ITERATIONS; i++) fn();
      times[label]!.push(Number(process.hrtime.bigint() - start) / ITERATIONS / 1000);
    }
  }
  const floor = median(times['floor: JSON+base64url+HMAC roundtrip']!);
  console.log(`\n${name} session (median of ${ROUNDS} rounds of ${ITERATIONS})`);
  for (const [label, xs] of Object.entries(times)) {
    console.log(
      `  ${label.padEnd(44)} ${median(xs).toFixed(2).padStart(7)} µs  ${(median(xs) / floor).toFixed(2)}× floor`,
    );
  }
}
