/**
 * A floor's work for one request, for the bare servers of bench/http-server.ts: read the `s` cookie with
 * the floor of bench/floors.ts, change one field (or create the session), write it back with the three
 * response headers ours writes. The JSON floor for the small session, the zlib floor for the large one.
 */
import type { JsonValue } from '../dist/index.js';
import { jsonFloor, zlibFloor } from './floors.js';
import type { PayloadName } from './payloads.js';
import { PAYLOADS } from './payloads.js';

type Data = Record<string, JsonValue> & { lastSeen?: number };
const COOKIE = /(?:^|; )s=([^;]*)/;
const TWO_WEEKS = 1_209_600;

export interface FloorAnswer {
  headers: [name: string, value: string][];
  body: string;
}

/** The request handler's work, given the Cookie header. */
export function floorRequest(payload: PayloadName): (cookieHeader: string | undefined) => FloorAnswer {
  const floor = payload === 'small' ? jsonFloor() : zlibFloor();
  const initial = PAYLOADS[payload] as Data;
  return (cookieHeader) => {
    const value = COOKIE.exec(cookieHeader ?? '')?.[1];
    let data: Data | undefined;
    try {
      if (value) data = floor.load(value) as Data;
    } catch {
      data = undefined;
    }
    const next = data?.lastSeen === undefined ? { ...initial } : { ...data, lastSeen: data.lastSeen + 1 };
    const expires = new Date(Date.now() + TWO_WEEKS * 1000).toUTCString();
    const cookie = `s=${floor.save(next) as string}; Max-Age=${TWO_WEEKS}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax`;
    return {
      headers: [
        ['set-cookie', cookie],
        ['vary', 'Cookie'],
        ['cache-control', 'private, no-store'],
      ],
      body: String(data?.lastSeen ?? 0),
    };
  };
}
