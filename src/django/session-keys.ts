/**
 * The session keys and setting defaults Django's auth and CSRF code use, spelled as Django spells them:
 * both sides read and write the same names.
 */

/** Django's `SESSION_KEY`: the signed-in user's primary key, as a string. */
export const SESSION_KEY = '_auth_user_id';
/** Django's `BACKEND_SESSION_KEY`: the dotted path of the backend that authenticated the user. */
export const BACKEND_SESSION_KEY = '_auth_user_backend';
/** Django's `HASH_SESSION_KEY`: the session auth hash (an HMAC of the password hash). */
export const HASH_SESSION_KEY = '_auth_user_hash';
/** Django's `CSRF_SESSION_KEY`: where the CSRF secret lives with `CSRF_USE_SESSIONS`. */
export const CSRF_SESSION_KEY = '_csrftoken';
/** Django's default (and usual) `AUTHENTICATION_BACKENDS` entry. */
export const MODEL_BACKEND = 'django.contrib.auth.backends.ModelBackend';
