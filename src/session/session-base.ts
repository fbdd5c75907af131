/**
 * Django's `SessionBase`: a lazily loaded dict with `accessed` and `modified` flags, expiry and the test
 * cookie. Storage back ends (here, the signed cookie) provide load/save/create/delete/exists.
 *
 * The data lives in a `Map`, which keeps insertion order as a Python dict does and cannot be poisoned
 * through `__proto__`. Every sync accessor has an async twin (prefixed "a") that loads with the async
 * crypto API first; once loaded, both read the same cache.
 */
import { assertSerializable, isForbiddenKey, type JsonValue, RawJson } from '../signing/json.js';
import { KeyError, NotImplementedError, UnreadableValueError } from './errors.js';
import {
  DJANGO_TIME,
  type Duration,
  durationMs,
  EXPIRY_KEY,
  type ExpiryValue,
  parsePythonIso,
  type StoredExpiry,
  type TimeSettings,
  toPythonIso,
} from './expiry.js';
import { DEFAULT_MAX_AGE } from './settings.js';

/** The default shape of session data: JSON values by string key. */
export type SessionData = Record<string, JsonValue>;

/** The string keys of a data type. */
export type SessionKey<Data> = keyof Data & string;

/**
 * What a session stores beside the app's data, under Django's names: the session's own expiry
 * (`setExpiry`), the test cookie (`setTestCookie`) and, with `absoluteMaxAge`, when it was created.
 * `keys()`, `values()`, `items()` and `toJSON()` include them, as Django's do.
 */
export interface SessionInternals {
  _session_expiry?: StoredExpiry;
  _session_created?: number;
  testcookie?: string;
}

/** The data as stored: the app's data and the session's own entries (`SessionInternals`). */
export type StoredData<Data> = Data & SessionInternals;

/** A key `keys()` can return: one of the app's or of `SessionInternals`. */
export type StoredKey<Data> = SessionKey<StoredData<Data>>;

/** A value `values()` can return. */
export type StoredValue<Data> = Exclude<StoredData<Data>[StoredKey<Data>], undefined>;

/** A `[key, value]` pair of `items()`, each key with its own value type. */
export type SessionEntry<Data> = {
  [K in StoredKey<Data>]: [K, Exclude<StoredData<Data>[K], undefined>];
}[StoredKey<Data>];

/** Options of `getExpiryAge`/`getExpiryDate` (Django's keyword arguments). */
export interface ExpiryOptions {
  /** The time of the last modification; now by default. */
  modification?: Date;
  /** Use this expiry instead of reading the session (which would load it). */
  expiry?: StoredExpiry | Date | null;
}

/** Settings `SessionBase` reads: Django's `SESSION_COOKIE_AGE` and `SESSION_EXPIRE_AT_BROWSER_CLOSE`. */
export interface SessionBaseOptions {
  maxAge?: number;
  expireAtBrowserClose?: boolean;
  /** Django's `USE_TZ` (true): aware or naive ISO dates in `_session_expiry`. */
  useTz?: boolean;
  /** Django's `TIME_ZONE` ("America/Chicago"): the zone of naive dates. */
  timeZone?: string;
  now?: () => number;
}

export const TEST_COOKIE_NAME = 'testcookie';
export const TEST_COOKIE_VALUE = 'worked';

/** Django's minimum session key length; shorter keys are treated as none. */
const MIN_KEY_LENGTH = 8;

const notImplemented = (method: string, article = 'a'): NotImplementedError =>
  new NotImplementedError(`subclasses of SessionBase must provide ${article} ${method}() method`);

export class SessionBase<Data extends object = SessionData> {
  /** True once anything read or wrote the data (drives `Vary: Cookie`). Never reset. */
  accessed = false;
  /** True once the data changed (drives saving). Public, as in Django: set it to force a save. */
  modified = false;
  #sessionKey: string | null = null;
  /** The loaded data; undefined until first access (Django's `_session_cache`). */
  protected cache: Map<string, JsonValue> | undefined;
  readonly #base: Required<SessionBaseOptions>;
  #loading: Promise<Map<string, JsonValue>> | undefined;

  constructor(sessionKey?: string | null, options: SessionBaseOptions = {}) {
    this.setSessionKey(sessionKey);
    this.#base = {
      maxAge: options.maxAge ?? DEFAULT_MAX_AGE,
      expireAtBrowserClose: options.expireAtBrowserClose ?? false,
      useTz: options.useTz ?? DJANGO_TIME.useTz,
      timeZone: options.timeZone ?? DJANGO_TIME.timeZone,
      now: options.now ?? Date.now,
    };
  }

  /** The key the session was loaded with or last saved as (for cookies: the whole signed value), or null. */
  get sessionKey(): string | null {
    return this.#sessionKey;
  }

  /** Django's `_session_key` setter: a value shorter than 8 characters (or not a string) becomes null. */
  protected setSessionKey(value: string | null | undefined): void {
    this.#sessionKey = typeof value === 'string' && value.length >= MIN_KEY_LENGTH ? value : null;
  }

  /** The data, loading it on first access; marks the session accessed (Django's `_session`). */
  protected get session(): Map<string, JsonValue> {
    this.accessed = true;
    this.cache ??= this.#sessionKey === null ? new Map() : toMap(this.load());
    return this.cache;
  }

  // Not `async`: a loaded session resolves at once, without the ticks of adopting a promise.
  protected asession(): Promise<Map<string, JsonValue>> {
    this.accessed = true;
    if (this.cache) return Promise.resolve(this.cache);
    if (this.#sessionKey === null) return Promise.resolve((this.cache = new Map()));
    // Concurrent async reads of one session share one load (one verification, one inflate).
    this.#loading ??= this.aload().then((data) => (this.cache ??= toMap(data)));
    return this.#loading;
  }

  protected now(): number {
    return this.#base.now();
  }

  /** Called before every change to the data; a store may refuse changes (see `HeadersSentError`). */
  protected beforeChange(): void {}

  /** Whether values may hold a `BigInt` (the store's `bigIntegers: 'bigint'`). */
  protected get storesBigInts(): boolean {
    return false;
  }

  // ---- dict API -------------------------------------------------------------------------------

  /** The value for `key`, or `defaultValue` (undefined) if absent. Sets `accessed`. */
  get<K extends SessionKey<Data>>(key: K): Data[K] | undefined;
  get<K extends SessionKey<Data>, D>(key: K, defaultValue: D): Data[K] | D;
  get(key: string, defaultValue?: unknown): unknown {
    const session = this.session;
    return session.has(key) ? readable(session.get(key), key) : defaultValue;
  }

  /** Stores a value (Django's `s[key] = value`). Sets `accessed` and `modified`. */
  set<K extends SessionKey<Data>>(key: K, value: Data[K]): void {
    this.beforeChange();
    checkEntry(key, value, this.storesBigInts);
    this.session.set(key, value as JsonValue);
    this.modified = true;
  }

  /** Whether `key` is present (Django's `key in s`). Sets `accessed`. */
  has(key: SessionKey<Data>): boolean {
    return this.session.has(key);
  }

  /** Removes `key` (Django's `del s[key]`); throws `KeyError` if absent, without setting `modified`. */
  remove(key: SessionKey<Data>): void {
    this.beforeChange();
    if (!this.session.delete(key)) throw new KeyError(key);
    this.modified = true;
  }

  /**
   * Removes and returns `key`. Without a default, a missing key throws `KeyError`; with one, the default
   * is returned and `modified` is left alone.
   */
  pop<K extends SessionKey<Data>>(key: K): Data[K];
  pop<K extends SessionKey<Data>, D>(key: K, defaultValue: D): Data[K] | D;
  pop(key: string, ...rest: [unknown?]): unknown {
    const session = this.session;
    if (session.has(key)) {
      this.beforeChange();
      const value = readable(session.get(key), key);
      session.delete(key);
      this.modified = true;
      return value;
    }
    if (rest.length === 0) throw new KeyError(key);
    return rest[0];
  }

  /** Returns the value of `key`; if absent, stores `value` first (setting `modified`). */
  setdefault<K extends SessionKey<Data>>(key: K, value: Data[K]): Data[K] {
    const session = this.session;
    if (session.has(key)) return readable(session.get(key), key) as Data[K];
    this.set(key, value);
    return value;
  }

  /** Stores every entry of `values`. Sets `modified` even when `values` is empty, as Django does. */
  update(values: Partial<Data>): void {
    this.beforeChange();
    const entries = Object.entries(values);
    for (const [key, value] of entries) checkEntry(key, value, this.storesBigInts);
    const session = this.session;
    for (const [key, value] of entries) session.set(key, value as JsonValue);
    this.modified = true;
  }

  /** The stored keys in insertion order, `SessionInternals` ones (such as `_session_expiry`) included. */
  keys(): StoredKey<Data>[] {
    return [...this.session.keys()] as StoredKey<Data>[];
  }

  /** The stored values in insertion order, `SessionInternals` ones included. */
  values(): StoredValue<Data>[] {
    const session = this.session;
    session.forEach(readable);
    return [...session.values()] as StoredValue<Data>[];
  }

  /** The stored `[key, value]` pairs in insertion order, `SessionInternals` ones included. */
  items(): SessionEntry<Data>[] {
    const session = this.session;
    session.forEach(readable);
    return [...session.entries()] as SessionEntry<Data>[];
  }

  /** Empties the data without loading it; the key is kept, so the cookie is re-issued as `{}`. */
  clear(): void {
    this.beforeChange();
    this.cache = new Map();
    this.accessed = true;
    this.modified = true;
  }

  /** True if there is no valid key and no data; neither loads nor sets `accessed`. */
  isEmpty(): boolean {
    return this.#sessionKey === null && (this.cache === undefined || this.cache.size === 0);
  }

  /**
   * A copy of the stored data, `SessionInternals` included, as an object without a prototype, so that a
   * data key such as `hasOwnProperty` or `toString` is data only and nothing inherited looks like data
   * (test keys with `Object.hasOwn` or `in`). Sets `accessed`.
   */
  toJSON(): StoredData<Data> {
    const copy = Object.create(null) as Record<string, JsonValue>;
    this.session.forEach((value, key) => {
      copy[key] = readable(value, key);
    });
    return copy as StoredData<Data>;
  }

  // ---- test cookie ----------------------------------------------------------------------------

  setTestCookie(): void {
    this.beforeChange();
    this.session.set(TEST_COOKIE_NAME, TEST_COOKIE_VALUE);
    this.modified = true;
  }

  testCookieWorked(): boolean {
    return this.session.get(TEST_COOKIE_NAME) === TEST_COOKIE_VALUE;
  }

  deleteTestCookie(): void {
    this.beforeChange();
    if (!this.session.delete(TEST_COOKIE_NAME)) throw new KeyError(TEST_COOKIE_NAME);
    this.modified = true;
  }

  // ---- expiry ---------------------------------------------------------------------------------

  /** Django's `get_session_cookie_age()`: the default lifetime in seconds. Override to change it. */
  getSessionCookieAge(): number {
    return this.#base.maxAge;
  }

  /**
   * Sets when this session expires: seconds from the last save (0 = when the browser closes, negative =
   * already expired), a Date, a Duration from now, or null to fall back to the global policy.
   * Dates are stored as ISO strings with offset, as Django ≥ 4.1 stores them.
   */
  setExpiry(value: ExpiryValue): void {
    this.beforeChange();
    const session = this.session;
    if (value === null) {
      if (session.delete(EXPIRY_KEY)) this.modified = true;
      return;
    }
    session.set(EXPIRY_KEY, toStoredExpiry(value, this.now(), this.#base));
    this.modified = true;
  }

  /** Seconds until expiry, counted from `modification` (now); a stored number is returned unchanged. */
  getExpiryAge(options: ExpiryOptions = {}): number {
    const expiry = this.#expiryOption(options);
    if (!expiry) return this.getSessionCookieAge();
    if (typeof expiry === 'number') return expiry;
    const modification = options.modification?.getTime() ?? this.now();
    return Math.floor((expiryDateMs(expiry, this.#base.timeZone) - modification) / 1000);
  }

  /** The date the session expires: a stored date as is, otherwise `modification` plus the age. */
  getExpiryDate(options: ExpiryOptions = {}): Date {
    const expiry = this.#expiryOption(options);
    if (expiry instanceof Date || typeof expiry === 'string')
      return new Date(expiryDateMs(expiry, this.#base.timeZone));
    const modification = options.modification?.getTime() ?? this.now();
    return new Date(modification + (expiry || this.getSessionCookieAge()) * 1000);
  }

  /** Whether the cookie should end with the browser session: `_session_expiry` is 0, or unset and the setting says so. */
  getExpireAtBrowserClose(): boolean {
    const expiry = this.session.get(EXPIRY_KEY);
    if (expiry === undefined || expiry === null) return this.#base.expireAtBrowserClose;
    return expiry === 0;
  }

  #expiryOption(options: ExpiryOptions): StoredExpiry | Date | null | undefined {
    return 'expiry' in options ? options.expiry : (this.session.get(EXPIRY_KEY) as StoredExpiry | null | undefined);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Empties the session and drops its key: the middleware then deletes the cookie. */
  flush(): void {
    this.clear();
    this.delete();
    this.setSessionKey(null);
  }

  /** Keeps the data under a new key (on login, against fixation). */
  cycleKey(): void {
    this.beforeChange();
    const data = this.session;
    const key = this.#sessionKey;
    this.create();
    this.cache = data;
    if (key !== null) this.delete(key);
  }

  // ---- back-end hooks (Django's abstract methods) ----------------------------------------------

  exists(_sessionKey?: string | null): boolean {
    throw notImplemented('exists', 'an');
  }

  create(): void {
    throw notImplemented('create');
  }

  save(_mustCreate = false): void {
    throw notImplemented('save');
  }

  delete(_sessionKey?: string | null): void {
    throw notImplemented('delete');
  }

  load(): Record<string, JsonValue> {
    throw notImplemented('load');
  }

  static clearExpired(): void {
    throw new NotImplementedError('This backend does not support clear_expired().');
  }

  // ---- async forms (Django 5.0+) ---------------------------------------------------------------

  async aexists(sessionKey?: string | null): Promise<boolean> {
    return this.exists(sessionKey);
  }

  async acreate(): Promise<void> {
    this.create();
  }

  async asave(mustCreate = false): Promise<void> {
    this.save(mustCreate);
  }

  async adelete(sessionKey?: string | null): Promise<void> {
    this.delete(sessionKey);
  }

  async aload(): Promise<Record<string, JsonValue>> {
    return this.load();
  }

  static async aclearExpired(): Promise<void> {
    this.clearExpired();
  }

  async aget<K extends SessionKey<Data>>(key: K): Promise<Data[K] | undefined>;
  async aget<K extends SessionKey<Data>, D>(key: K, defaultValue: D): Promise<Data[K] | D>;
  async aget(key: string, ...rest: [unknown?]): Promise<unknown> {
    const session = await this.asession();
    return session.has(key) ? session.get(key) : rest[0];
  }

  async aset<K extends SessionKey<Data>>(key: K, value: Data[K]): Promise<void> {
    await this.asession();
    this.set(key, value);
  }

  async ahas(key: SessionKey<Data>): Promise<boolean> {
    return (await this.asession()).has(key);
  }

  async aremove(key: SessionKey<Data>): Promise<void> {
    await this.asession();
    this.remove(key);
  }

  async apop<K extends SessionKey<Data>>(key: K): Promise<Data[K]>;
  async apop<K extends SessionKey<Data>, D>(key: K, defaultValue: D): Promise<Data[K] | D>;
  async apop(key: string, ...rest: [unknown?]): Promise<unknown> {
    await this.asession();
    return (this.pop as (key: string, ...rest: [unknown?]) => unknown)(key, ...rest);
  }

  async asetdefault<K extends SessionKey<Data>>(key: K, value: Data[K]): Promise<Data[K]> {
    await this.asession();
    return this.setdefault(key, value);
  }

  async aupdate(values: Partial<Data>): Promise<void> {
    await this.asession();
    this.update(values);
  }

  async akeys(): Promise<StoredKey<Data>[]> {
    await this.asession();
    return this.keys();
  }

  async avalues(): Promise<StoredValue<Data>[]> {
    await this.asession();
    return this.values();
  }

  async aitems(): Promise<SessionEntry<Data>[]> {
    await this.asession();
    return this.items();
  }

  async asetTestCookie(): Promise<void> {
    await this.asession();
    this.setTestCookie();
  }

  async atestCookieWorked(): Promise<boolean> {
    await this.asession();
    return this.testCookieWorked();
  }

  /** Unlike Django's, this sets `modified`, like the sync `deleteTestCookie`. */
  async adeleteTestCookie(): Promise<void> {
    await this.asession();
    this.deleteTestCookie();
  }

  async asetExpiry(value: ExpiryValue): Promise<void> {
    await this.asession();
    this.setExpiry(value);
  }

  async agetExpiryAge(options: ExpiryOptions = {}): Promise<number> {
    if (!('expiry' in options)) await this.asession();
    return this.getExpiryAge(options);
  }

  async agetExpiryDate(options: ExpiryOptions = {}): Promise<Date> {
    if (!('expiry' in options)) await this.asession();
    return this.getExpiryDate(options);
  }

  async agetExpireAtBrowserClose(): Promise<boolean> {
    await this.asession();
    return this.getExpireAtBrowserClose();
  }

  async aflush(): Promise<void> {
    this.clear();
    await this.adelete();
    this.setSessionKey(null);
  }

  async acycleKey(): Promise<void> {
    const data = await this.asession();
    const key = this.#sessionKey;
    await this.acreate();
    this.cache = data;
    if (key !== null) await this.adelete(key);
  }
}

/** The session Map of a loaded object (internal; used by the stores). */
export function toMap(data: Record<string, JsonValue>): Map<string, JsonValue> {
  // A keys loop: faster than new Map(Object.entries()) on a session-sized object.
  const map = new Map<string, JsonValue>();
  for (const key of Object.keys(data)) map.set(key, data[key]!);
  return map;
}

/**
 * The session data as a plain object (internal; `toJSON` and the stores' payload). Filled by hand: faster
 * than Object.fromEntries, and a plain object keeps fast properties (an Object.create(null) one is
 * a dictionary, slower to walk and to stringify). Plain assignment is safe: no key can be "__proto__" or
 * "constructor" (refused by set/update and by the reader).
 */
export function toObject(data: Map<string, JsonValue>): Record<string, JsonValue> {
  const object: Record<string, JsonValue> = {};
  data.forEach((value, key) => {
    object[key] = value;
  });
  return object;
}

/** A value the app may read: not one kept as text because JS cannot hold it (see `UnreadableValueError`). */
function readable<T>(value: T, key: string): T {
  if (value instanceof RawJson) throw new UnreadableValueError(key);
  return value;
}

function checkEntry(key: string, value: unknown, bigints: boolean): void {
  if (typeof key !== 'string') throw new TypeError('Session keys are strings.');
  if (isForbiddenKey(key)) throw new TypeError(`The key "${key}" is not allowed in a session.`);
  assertSerializable(value, `session.${key}`, bigints);
}

function toStoredExpiry(value: Exclude<ExpiryValue, null>, now: number, time: TimeSettings): StoredExpiry {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('An expiry in seconds must be a finite number.');
    return value;
  }
  if (value instanceof Date) return toPythonIso(value, time);
  if (typeof value === 'object') return toPythonIso(new Date(now + durationMs(value as Duration)), time);
  throw new TypeError('setExpiry takes seconds, a Date, a Duration or null.');
}

function expiryDateMs(expiry: string | Date, timeZone: string): number {
  if (expiry instanceof Date) return expiry.getTime();
  const ms = parsePythonIso(expiry, timeZone);
  if (ms === undefined) throw new RangeError(`Invalid ISO date in _session_expiry: ${JSON.stringify(expiry)}`);
  return ms;
}
