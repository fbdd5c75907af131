/**
 * Secret strength: the hard minimum (32 bytes) is enforced in settings.ts; these are Django's
 * `security.W009` warnings (under 50 characters, under 5 distinct characters, the `django-insecure-`
 * prefix) plus well-known placeholders. And a generator for strong secrets.
 */
import { type Secret, secretToBytes } from '../signing/keys.js';

const PLACEHOLDERS = ['keyboard cat', 'secret', 'changeme', 'change-me', 'changethis', 'password', 'your-secret-key', 'supersecret', 'mysecret', 'development', 'test'];

/** Why a secret looks weak, as sentences; empty when it does not. Never includes the secret. */
export function secretWarnings(secret: Secret, what: string): string[] {
  const text = typeof secret === 'string' ? secret : String.fromCharCode(...secretToBytes(secret));
  const warnings: string[] = [];
  if (text.length < 50) warnings.push(`${what} has fewer than 50 characters (Django's security.W009).`);
  if (new Set(text).size < 5) warnings.push(`${what} has fewer than 5 distinct characters (Django's security.W009).`);
  if (text.startsWith('django-insecure-')) warnings.push(`${what} starts with "django-insecure-": Django generated it for development only.`);
  const lower = text.toLowerCase();
  if (PLACEHOLDERS.some((p) => lower === p || lower.includes(p.replace(/-/g, '')) && lower.length < p.length + 24)) {
    warnings.push(`${what} looks like a placeholder.`);
  }
  return warnings;
}

/**
 * A new strong secret: 64 random bytes from the platform CSPRNG, as base64url (86 characters), the
 * strength docs/security.md recommends. Works on every runtime with Web Crypto.
 */
export function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(64));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
