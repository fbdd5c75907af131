/**
 * Django's `AbstractBaseUser.get_session_auth_hash()`: an HMAC of the user's password hash, stored in the
 * session at login. A password change changes it, which signs the user out of every other session.
 */
import type { CryptoBackend } from '../signing/crypto/backend.js';
import type { Secret } from '../signing/crypto/keys.js';
import { asaltedHmac, toHex } from './salted-hmac.js';

/** The `key_salt` Django uses for the session auth hash. */
export const SESSION_AUTH_HASH_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

/**
 * The session auth hash of a user under one secret. Custom user models that override
 * `get_session_auth_hash` (or `_get_session_auth_hash`) supply their own, with the same signature.
 */
export type SessionAuthHash<User> = (user: User, secret: Secret) => string | Promise<string>;

/** Django's own: `salted_hmac(SESSION_AUTH_HASH_SALT, password, secret, algorithm="sha256").hexdigest()`. */
export async function sessionAuthHash(
  password: string,
  secret: Secret,
  backend: CryptoBackend = 'auto',
): Promise<string> {
  return toHex(await asaltedHmac(SESSION_AUTH_HASH_SALT, password, secret, 'sha256', backend));
}
