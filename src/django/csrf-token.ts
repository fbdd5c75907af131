/**
 * Django's CSRF tokens (django/middleware/csrf.py, 4.0+): a 32-character secret of `[A-Za-z0-9]`, and the
 * 64-character masked form pages carry: a random 32-character mask followed by the secret shifted by it,
 * character by character, in that alphabet. Masking changes the token on every response (against BREACH)
 * while every form of it unmasks to the same secret.
 */

/** Django's `CSRF_ALLOWED_CHARS`. */
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Django's `CSRF_SECRET_LENGTH`. */
export const CSRF_SECRET_LENGTH = 32;
/** Django's `CSRF_TOKEN_LENGTH`: a masked token. */
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;

const CHARS = CSRF_ALLOWED_CHARS.length;
const VALID = /^[a-zA-Z0-9]*$/;
// The largest multiple of 62 below 256: bytes from it up are drawn again, so every character is equally likely.
const LIMIT = 256 - (256 % CHARS);

/** Django's `_get_new_csrf_string`: 32 random characters of the alphabet, from the platform CSPRNG. */
export function newCsrfSecret(): string {
  let out = '';
  while (out.length < CSRF_SECRET_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < LIMIT && out.length < CSRF_SECRET_LENGTH) out += CSRF_ALLOWED_CHARS[byte % CHARS];
    }
  }
  return out;
}

/** Django's `_mask_cipher_secret`: the 64-character token for a secret (a fresh random mask unless given). */
export function maskCipherSecret(secret: string, mask: string = newCsrfSecret()): string {
  let cipher = '';
  for (let i = 0; i < secret.length; i++) {
    cipher +=
      CSRF_ALLOWED_CHARS[(CSRF_ALLOWED_CHARS.indexOf(secret[i]!) + CSRF_ALLOWED_CHARS.indexOf(mask[i]!)) % CHARS];
  }
  return mask + cipher;
}

/** Django's `_unmask_cipher_token`: the secret inside a 64-character token. */
export function unmaskCipherToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < cipher.length; i++) {
    // Python's negative index wraps; here the sum is kept positive instead.
    secret +=
      CSRF_ALLOWED_CHARS[
        (CSRF_ALLOWED_CHARS.indexOf(cipher[i]!) - CSRF_ALLOWED_CHARS.indexOf(mask[i]!) + CHARS) % CHARS
      ];
  }
  return secret;
}

/**
 * Django's `_check_token_format`: why a secret or token (masked or not) is malformed, as Django's reason
 * phrase, or undefined when it is well formed.
 */
export function tokenFormatProblem(token: string): 'has incorrect length' | 'has invalid characters' | undefined {
  if (token.length !== CSRF_TOKEN_LENGTH && token.length !== CSRF_SECRET_LENGTH) return 'has incorrect length';
  if (!VALID.test(token)) return 'has invalid characters';
  return undefined;
}
