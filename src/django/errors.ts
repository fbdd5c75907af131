/** Errors of `signed-cookie-session/django`. */

/**
 * A password hash made by a hasher this library cannot run (argon2, bcrypt and the legacy unsalted ones
 * need libraries beyond node:crypto). The message names the hasher; the hash itself is never included.
 */
export class UnsupportedHasher extends Error {
  /** Django's name of the hasher (`argon2`, `bcrypt_sha256`, ...). */
  readonly algorithm: string;
  constructor(algorithm: string, message: string) {
    super(message);
    this.name = 'UnsupportedHasher';
    this.algorithm = algorithm;
  }
}

/**
 * A request Django's CSRF check refuses, where the framework has no response to answer 403 with (a
 * Next.js Server Action). `reason` is Django's own; the message is its 403 page's `Forbidden (<reason>)`.
 */
export class CsrfRefused extends Error {
  /** Django's reason, e.g. `CSRF token missing.` */
  readonly reason: string;
  constructor(reason: string) {
    super(`Forbidden (${reason})`);
    this.name = 'CsrfRefused';
    this.reason = reason;
  }
}
