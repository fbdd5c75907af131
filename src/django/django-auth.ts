/**
 * Django's `django.contrib.auth` session protocol, from Node: who is signed in (`get_user`), signing in
 * (`login`) and out (`logout`), on the same session keys, with the same session auth hash, the same
 * fallback-secret rotation and the same flushes, so that a Django site and a Node service share one login.
 *
 * The app owns its database: `loadUser` is Django's `backend.get_user(user_id)`.
 */
import type { SessionBase } from '../session/session-base.js';
import type { CryptoBackend } from '../signing/crypto/backend.js';
import { ConfigError } from '../signing/errors.js';
import type { JsonValue } from '../signing/json.js';
import { checkSecret, type Secret } from '../signing/crypto/keys.js';
import { constantTimeEqual } from './constant-time.js';
import type { RequestCsrf } from './request-csrf.js';
import { type SessionAuthHash, sessionAuthHash } from './session-auth-hash.js';
import { BACKEND_SESSION_KEY, HASH_SESSION_KEY, MODEL_BACKEND, SESSION_KEY } from './session-keys.js';

/** What a user needs for the session protocol: Django's `pk`, `password` (the hash) and `is_active`. */
export interface DjangoUser {
  /** The primary key; stored in the session as a string, as Django's `value_to_string` does. */
  id: string | number;
  /** The password field as Django stores it (`pbkdf2_sha256$...`), which the session auth hash covers. */
  password: string;
  /** Django's `is_active`; `false` refuses the user, as `ModelBackend` does. Absent counts as active. */
  isActive?: boolean;
}

export interface DjangoAuthOptions<User extends DjangoUser> {
  /** Django's `SECRET_KEY`: the same secret as the session's. */
  secret: Secret;
  /** Django's `SECRET_KEY_FALLBACKS`: a hash made under one of them keeps the login and is rewritten. */
  fallbackSecrets?: readonly Secret[];
  /** Django's `AUTHENTICATION_BACKENDS`; a session naming any other backend has no user. */
  authenticationBackends?: readonly string[];
  /**
   * Django's `backend.get_user(user_id)`: the user with this primary key (the session's string), or
   * null/undefined when there is none. Runs for every `getUser` call that finds a signed-in session.
   */
  loadUser: (id: string, backend: string) => User | null | undefined | Promise<User | null | undefined>;
  /**
   * Django's `backend.user_can_authenticate(user)`. By default `isActive !== false`, except for Django's
   * `AllowAllUsersModelBackend` and `AllowAllUsersRemoteUserBackend`, which accept inactive users.
   */
  userCanAuthenticate?: (user: User, backend: string) => boolean;
  /** The session auth hash, for custom user models that override `get_session_auth_hash`. Django's by default. */
  sessionAuthHash?: SessionAuthHash<User>;
  /** Back end of the default hash: `auto`, `node` or `web`. */
  crypto?: CryptoBackend;
}

/** Options of `login`. */
export interface LoginOptions {
  /** The backend path to record; required when `authenticationBackends` has more than one (as in Django). */
  backend?: string;
  /**
   * The request's CSRF state, rotated as Django's `login` does (`rotate_token`). Pass null only if the
   * app rotates the CSRF secret itself: a token from before the login must not outlive it.
   */
  csrf: RequestCsrf | null;
}

type AuthSession = SessionBase<Record<string, JsonValue>>;

const ALLOW_INACTIVE = /\.AllowAllUsers(Model|RemoteUser)Backend$/;

export class DjangoAuth<User extends DjangoUser> {
  readonly #secret: Secret;
  readonly #fallbacks: readonly Secret[];
  readonly #backends: readonly string[];
  readonly #loadUser: DjangoAuthOptions<User>['loadUser'];
  readonly #canAuthenticate: (user: User, backend: string) => boolean;
  readonly #hash: SessionAuthHash<User>;

  constructor(options: DjangoAuthOptions<User>) {
    if (typeof options?.loadUser !== 'function')
      throw new ConfigError('DjangoAuth needs loadUser(id, backend): the app looks its users up.');
    checkSecret(options.secret, 'The secret (Django SECRET_KEY)');
    const fallbacks = options.fallbackSecrets ?? [];
    fallbacks.forEach((s, i) => checkSecret(s, `Fallback secret ${i}`));
    const backends = options.authenticationBackends ?? [MODEL_BACKEND];
    if (backends.length === 0)
      throw new ConfigError(
        'No authentication backends: authenticationBackends must list at least one (Django refuses an empty AUTHENTICATION_BACKENDS too).',
      );
    this.#secret = options.secret;
    this.#fallbacks = fallbacks;
    this.#backends = backends;
    this.#loadUser = options.loadUser;
    this.#canAuthenticate =
      options.userCanAuthenticate ?? ((user, backend) => ALLOW_INACTIVE.test(backend) || user.isActive !== false);
    const backend = options.crypto ?? 'auto';
    this.#hash =
      options.sessionAuthHash ??
      ((user, secret) => {
        if (typeof user.password !== 'string')
          throw new TypeError(
            'The user has no password string: the session auth hash is an HMAC of it (pass sessionAuthHash for custom user models).',
          );
        return sessionAuthHash(user.password, secret, backend);
      });
  }

  /** The user's session auth hash under the current secret (Django's `user.get_session_auth_hash()`). */
  async sessionAuthHash(user: User): Promise<string> {
    return this.#hash(user, this.#secret);
  }

  /**
   * Django's `get_user(request)`: the signed-in user, or null (Django's `AnonymousUser`), in Django's
   * order: the user id and backend from the session, the backend among `authenticationBackends`,
   * `loadUser`, `userCanAuthenticate`, then the session auth hash in constant time. A hash made under a
   * fallback secret keeps the login: the session key is cycled and the hash rewritten under the current
   * secret. Any other mismatch (the password changed) flushes the session, which signs the user out.
   */
  async getUser<Data extends object>(session: SessionBase<Data>): Promise<User | null> {
    const s = session as unknown as AuthSession;
    const id = await s.aget(SESSION_KEY);
    const backend = await s.aget(BACKEND_SESSION_KEY);
    if (id === undefined || backend === undefined) return null;
    if (typeof backend !== 'string' || !this.#backends.includes(backend)) return null;
    // Django stores the key as a string; a number (a hand-written bridge's) is read the way to_python would.
    if (typeof id !== 'string' && typeof id !== 'number') return null;
    const user = await this.#loadUser(String(id), backend);
    if (!user || !this.#canAuthenticate(user, backend)) return null;
    const sessionHash = await s.aget(HASH_SESSION_KEY);
    const given = typeof sessionHash === 'string' ? sessionHash : '';
    const current = given === '' ? undefined : await this.#hash(user, this.#secret);
    if (current !== undefined && constantTimeEqual(given, current)) return user;
    if (current !== undefined && (await this.#matchesFallback(user, given))) {
      await s.acycleKey();
      await s.aset(HASH_SESSION_KEY, current);
      return user;
    }
    await s.aflush();
    return null;
  }

  async #matchesFallback(user: User, given: string): Promise<boolean> {
    for (const secret of this.#fallbacks) if (constantTimeEqual(given, await this.#hash(user, secret))) return true;
    return false;
  }

  /**
   * Django's `login(request, user, backend)`: a session signed in as another user (or under another
   * password) is flushed, otherwise its key is cycled (against fixation); then the three keys are set
   * and the CSRF secret rotated. Check the password first (`checkPassword`); this trusts its caller.
   */
  async login<Data extends object>(session: SessionBase<Data>, user: User, options: LoginOptions): Promise<void> {
    const s = session as unknown as AuthSession;
    const backend = this.#backendFor(options.backend);
    const hash = await this.#hash(user, this.#secret);
    if (await s.ahas(SESSION_KEY)) {
      const existing = await s.aget(SESSION_KEY);
      const stored = await s.aget(HASH_SESSION_KEY, '');
      const sameUser =
        (typeof existing === 'string' || typeof existing === 'number') && String(existing) === String(user.id);
      if (!sameUser || (hash !== '' && !constantTimeEqual(typeof stored === 'string' ? stored : '', hash)))
        await s.aflush();
    } else {
      await s.acycleKey();
    }
    await s.aupdate({ [SESSION_KEY]: String(user.id), [BACKEND_SESSION_KEY]: backend, [HASH_SESSION_KEY]: hash });
    options.csrf?.rotate();
  }

  /** Django's `logout(request)`: flushes the session (its data and its cookie). */
  async logout<Data extends object>(session: SessionBase<Data>): Promise<void> {
    await session.aflush();
  }

  #backendFor(backend: string | undefined): string {
    if (backend === undefined) {
      if (this.#backends.length === 1) return this.#backends[0]!;
      throw new ConfigError(
        'You have multiple authentication backends configured and therefore must provide the `backend` option (as Django requires).',
      );
    }
    // Django would record it, and then never find the user: refused here instead.
    if (!this.#backends.includes(backend))
      throw new ConfigError(
        `The backend ${JSON.stringify(backend)} is not in authenticationBackends, so Django would not accept this login.`,
      );
    return backend;
  }
}
