/**
 * The floors: the least a signed cookie can cost, written by hand on the same data as every subject.
 * - HMAC: HMAC-SHA256 alone, over the bytes our token signs.
 * - JSON: JSON + base64url + HMAC-SHA256.
 * - zlib: the same with node:zlib level 1 between JSON and base64url, in the zlib format (deflateSync /
 *   inflateSync): the least a compressed Django-style cookie costs. (Raw deflate would drop the 2-byte
 *   header and the Adler-32, but Django's `zlib.decompress` refuses it.)
 * - Web Crypto: the JSON floor with `crypto.subtle` and a key imported once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import type { Subject } from './subjects.js';

const KEY = Buffer.alloc(32, 7);
type Data = Record<string, number>;

/** HMAC-SHA256 alone, over a fixed message. */
export function hmacFloor(message: string): () => string {
  return () => createHmac('sha256', KEY).update(message).digest('base64url');
}

/** A sync floor from its two halves, bytes <-> payload text; the HMAC and the token around them. */
function syncFloor(name: string, encode: (json: string) => Buffer, decode: (payload: Buffer) => string): Subject {
  const save = (data: unknown) => {
    const payload = encode(JSON.stringify(data)).toString('base64url');
    return `${payload}.${createHmac('sha256', KEY).update(payload).digest('base64url')}`;
  };
  const load = (cookie: string) => {
    const at = cookie.lastIndexOf('.');
    const payload = cookie.slice(0, at);
    const mac = createHmac('sha256', KEY).update(payload).digest();
    if (!timingSafeEqual(mac, Buffer.from(cookie.slice(at + 1), 'base64url'))) throw new Error('bad');
    return JSON.parse(decode(Buffer.from(payload, 'base64url'))) as Data;
  };
  return {
    name,
    async: false,
    save,
    load,
    roundtrip: (cookie) => {
      const data = load(cookie);
      data['lastSeen']! += 1;
      return save(data);
    },
  };
}

export const jsonFloor = (): Subject =>
  syncFloor(
    'floor: JSON+base64url+HMAC',
    (json) => Buffer.from(json),
    (payload) => payload.toString(),
  );

export const zlibFloor = (): Subject =>
  syncFloor(
    'floor: JSON+zlib(1)+base64url+HMAC',
    (json) => deflateSync(json, { level: 1 }),
    (payload) => inflateSync(payload).toString(),
  );

export function webFloor(): Subject {
  const keyPromise = crypto.subtle.importKey('raw', new Uint8Array(KEY), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  const enc = new TextEncoder();
  const save = async (data: unknown) => {
    const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
    const mac = await crypto.subtle.sign('HMAC', await keyPromise, enc.encode(payload));
    return `${payload}.${Buffer.from(mac).toString('base64url')}`;
  };
  const load = async (cookie: string) => {
    const at = cookie.lastIndexOf('.');
    const payload = cookie.slice(0, at);
    const mac = Buffer.from(cookie.slice(at + 1), 'base64url');
    if (!(await crypto.subtle.verify('HMAC', await keyPromise, mac, enc.encode(payload)))) throw new Error('bad');
    return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Data;
  };
  return {
    name: 'floor: Web Crypto JSON+base64url+HMAC',
    async: true,
    save,
    load,
    roundtrip: async (cookie) => {
      const data = await load(cookie);
      data['lastSeen']! += 1;
      return save(data);
    },
  };
}
