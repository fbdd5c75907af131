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
