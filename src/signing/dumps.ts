/**
 * Django's module-level `dumps`/`loads`: a TimestampSigner over a JSON object, salt `django.core.signing`
 * unless given. Derived keys come from the shared cache, so one-shot calls do not re-hash the secret.
 */
import type { JsonValue } from './json.js';
import type { ReadObjectOptions, WriteObjectOptions } from './object-codec.js';
import {
  type SignTimestampOptions,
  TimestampSigner,
  type TimestampSignerOptions,
  type UnsignOptions,
} from './timestamp-signer.js';

/** Django's default salt for `dumps`/`loads`. */
export const DEFAULT_DUMPS_SALT = 'django.core.signing';

export type DumpsOptions = Omit<TimestampSignerOptions, 'sep' | 'fallbackKeys' | 'legacyAlgorithms'> &
  WriteObjectOptions &
  SignTimestampOptions;

export type LoadsOptions = Omit<TimestampSignerOptions, 'sep'> & ReadObjectOptions & UnsignOptions;

function signer(options: TimestampSignerOptions): TimestampSigner {
  return new TimestampSigner({ ...options, salt: options.salt ?? DEFAULT_DUMPS_SALT });
}

/** Returns a URL-safe, signed, timestamped token of `value` (Python-compatible JSON, optionally zlib). */
export function dumps(value: unknown, options: DumpsOptions): string {
  return signer(options).signObject(value, options);
}

export async function adumps(value: unknown, options: DumpsOptions): Promise<string> {
  return signer(options).asignObject(value, options);
}

/** Reverses `dumps`; throws `BadSignature` (or a subclass) and `PayloadError` for anything it refuses. */
export function loads(token: string, options: LoadsOptions): JsonValue {
  return signer(options).unsignObject(token, options);
}

export async function aloads(token: string, options: LoadsOptions): Promise<JsonValue> {
  return signer(options).aunsignObject(token, options);
}
