/**
 * The demo's words: why a cookie was refused, and what each of a token's three parts holds. Everything is
 * read without the secret (`inspectToken`), so it is what anyone holding the cookie can see.
 */
import type { RefusalReason } from 'signed-cookie-session';
import { type InspectedToken, inspectToken, type JsonValue } from 'signed-cookie-session/signing';

/** The last second a JavaScript Date can hold: a later (canonical) timestamp names no moment. */
const LAST_DATE_SECONDS = 8.64e12;

/** A timestamp as an ISO date, or undefined when it is beyond any date. */
export function isoDate(seconds: number | undefined): string | undefined {
  return seconds !== undefined && Math.abs(seconds) <= LAST_DATE_SECONDS
    ? new Date(seconds * 1000).toISOString()
    : undefined;
}

export interface TokenParts {
  inspected: InspectedToken;
  /** The three parts as the cookie carries them (fewer or more when it is malformed). */
  raw: string[];
  /** The payload's JSON, or why it does not decode. */
  payload: string;
  /** The timestamp part read as base 62: seconds since 1970 and the date, or why it is unreadable. */
  timestamp: string;
  /** What the signature is. */
  signature: string;
}

export function tokenParts(cookie: string): TokenParts {
  const inspected = inspectToken(cookie);
  const raw = cookie.split(':');
  const payload =
    inspected.payload === undefined
      ? `does not decode: ${inspected.problem ?? 'unknown'}`
      : JSON.stringify(inspected.payload, null, 2);
  let timestamp: string;
  const date = isoDate(inspected.timestamp);
  if (inspected.timestamp === undefined) timestamp = 'not a canonical base-62 number';
  else if (!date) timestamp = `${inspected.timestamp} seconds after 1970: no possible date`;
  else timestamp = `${inspected.timestamp} seconds after 1970 = ${date}`;
  let signature =
    'HMAC-SHA256 of "payload:timestamp" under a key derived from the secret and the session salt, base64url (43 characters = 32 bytes). Only the server, which has the secret, can check it.';
  if (raw[2] !== undefined && raw[2].length !== 43)
    signature = `${raw[2].length} characters, not the 43 of an HMAC-SHA256: not a signature this server makes.`;
  return { inspected, raw, payload, timestamp, signature };
}

/** What the decoded payload says about the session's own expiry, in seconds after its signing. */
function ownExpiry(payload: JsonValue | undefined): number | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const expiry = payload['_session_expiry'];
  return typeof expiry === 'number' ? expiry : undefined;
}

/**
 * Why the server refused the cookie, in words a person can follow: the reason the library reported, with
 * what the cookie itself shows (when it was signed, its own expiry).
 */
export function explainRefusal(
  reason: RefusalReason,
  detail: string | undefined,
  cookie: string | undefined,
  maxAge: number,
  now: number,
): string {
  const inspected = cookie ? inspectToken(cookie) : undefined;
  const signedAt = isoDate(inspected?.timestamp);
  const age = inspected?.timestamp === undefined ? undefined : Math.floor(now / 1000) - inspected.timestamp;
  const since = signedAt && age !== undefined ? ` It was signed at ${signedAt}, ${age} s ago.` : '';
  switch (reason) {
    case 'bad-signature':
      return `Its signature does not match its data: the data (or the signature) was changed by someone without the secret.${since} The server started an empty session, so you are signed out.`;
    case 'expired': {
      const own = ownExpiry(inspected?.payload);
      const limit =
        own !== undefined && own > 0
          ? `its own expiry, ${own} s after its last save`
          : `the site's maximum age, ${maxAge} s`;
      return `It is genuine but too old: it outlived ${limit}.${since} The server checks the age from the signed timestamp, so a copy kept after the browser dropped the cookie is refused too.`;
    }
    case 'future-timestamp':
      return `It is dated in the future: the clock of the server that signed it is ahead.${since}`;
    case 'malformed':
      return 'It is not a session cookie: a session cookie is three parts (payload:timestamp:signature) in canonical base64url and base 62.';
    case 'too-large':
      return 'It is longer than any cookie a browser keeps (4096 bytes), so nobody but an attacker sends it.';
    case 'payload':
      return `Its signature is valid, but its content is something this library refuses to load${detail ? ` (${detail})` : ''}.`;
    case 'payload-too-large':
      return 'Its signature is valid, but its data unpacks to more than 64 KiB or nests deeper than 32 levels.';
    case 'ambiguous':
      return 'The browser sent two different valid session cookies (often one per subdomain or path), so neither is trusted.';
    case 'rejected':
      return "It is genuine, but the application's own check (validate) refused it, as it would a revoked session.";
    case 'unavailable':
      return "The application's own check (validate) could not get an answer in time, so the session was not trusted for this request; the cookie was kept and works again once the check answers.";
  }
}
