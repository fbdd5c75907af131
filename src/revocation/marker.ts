/**
 * What a signed-in session carries for revocation, under one key of its data: the user, the user's
 * generation at sign-in, and an id made at sign-in that stays the same however often the cookie is re-signed.
 */
import { encodeBase64Url } from '../signing/base64url.js';
import type { JsonValue } from '../signing/json.js';

/** The session key revocation reads and writes. */
export const MARKER_KEY = '_revocation';

/** The marker of a signed-in session. */
export interface RevocationMarker {
  /** The user, as given to `signIn`. */
  user: string;
  /** The user's generation when the session signed in. */
  generation: number;
  /** This session's id, made at sign-in (random, base64url). */
  id: string;
}

/** The marker as stored. */
export function markerValue(marker: RevocationMarker): Record<string, JsonValue> {
  return { user: marker.user, generation: marker.generation, id: marker.id };
}

/**
 * The marker of session data: undefined when the session never signed in through revocation, null when
 * one is there but not well formed (which is refused: a verified cookie with a broken marker was not
 * written by this module).
 */
export function readMarker(data: Readonly<Record<string, JsonValue>>): RevocationMarker | null | undefined {
  const value = data[MARKER_KEY];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { user, generation, id } = value;
  if (typeof user !== 'string' || user === '' || typeof id !== 'string' || id === '') return null;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) return null;
  return { user, generation, id };
}

/** A new session id: 128 random bits, base64url. */
export function newSessionId(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}
