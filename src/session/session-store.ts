/**
 * Django's signed-cookie `SessionStore`: the whole session lives in the signed cookie value, which is the
 * session key. Nothing is stored on the server.
 *
 * Beyond Django: each session's own `_session_expiry` is enforced when loading, as well as the cookie age
 * (or instead of it, Django main's rule, ticket #27775, with `ownExpiryReplacesMaxAge`), the reading rules are
 * stricter (docs/design.md decision 5), the reason for every refusal goes to `onInvalid`,
 * and a cookie verified under a fallback secret or legacy algorithm is flagged for re-issue.
 */
import { ConfigError, PayloadError, type RefusalReason, SignatureExpired, TokenError } from '../signing/errors.js';
import {
  type JsonReadOptions,
  type JsonValue,
  mayNotRoundTrip,
  RawJson,
  type RawEntry,
  readEntries,
  toPythonJsonObject,
} from '../signing/json.js';
import type { WriteObjectOptions } from '../signing/object-codec.js';
import type { VerifiedTimestamped } from '../signing/timestamp-signer.js';
import { HeadersSentError, RejectedToken, ValidationUnavailable } from './errors.js';
import { CREATED_KEY, EXPIRY_KEY, expiresAt, isValidStoredExpiry } from './expiry.js';
import { SessionBase, type SessionData, toMap, toObject } from './session-base.js';
import { type SessionOptions, SessionSettings } from './settings.js';

/**
 * What the HTTP core does to a store beyond the app's API: load it ahead of the app, refuse it, re-sign
 * it, seal it once its cookie is written. Internal: not exported from the package.
 */
export interface SessionLifecycle {
  /** Loads the cookie now (sync API) without marking the session accessed. */
  preload<D extends object>(store: SessionStore<D>): void;
  /** Loads the cookie now with the async API, so later sync access needs no crypto. */
  apreload<D extends object>(store: SessionStore<D>): Promise<void>;
  /** Refuses every later change: the cookie is in the response. */
  /** Refuses every later change, with `refusal`'s error (`HeadersSentError` by default). */
  seal<D extends object>(store: SessionStore<D>, refusal?: () => Error): void;
  /** Marks the session refused before any cookie could be read (several different cookies). */
  refuse<D extends object>(store: SessionStore<D>, error: TokenError): void;
  /** Re-signs the loaded data with its original timestamp under the current secret. */
  reissue<D extends object>(store: SessionStore<D>): void;
  areissue<D extends object>(store: SessionStore<D>): Promise<void>;
  /** How long the signed token of the current data is, without the length cap (Django-level compression). */
  signedLength<D extends object>(store: SessionStore<D>): number;
  asignedLength<D extends object>(store: SessionStore<D>): Promise<number>;
}

// Assigned by SessionStore's static block, the one place that can reach its private methods.
export let sessionLifecycle: SessionLifecycle;

export class SessionStore<Data extends object = SessionData> extends SessionBase<Data> {
  readonly settings: SessionSettings;
  /** When the loaded cookie was signed (seconds since the epoch); undefined until a valid cookie loads. */
  signedAt: number | undefined;
  /** True when the loaded cookie verified only under a fallback secret or legacy algorithm. */
  needsReissue = false;
  /** Why the cookie was refused, if it was. */
  invalidReason: RefusalReason | undefined;
  /** A refusal found by `apreload`, whose reset (Django's `create()`) waits for the app's first access. */
  #pendingReset = false;
  #sealed: (() => Error) | undefined;
  /** Set when `validate` could not answer: the session reads as empty and refuses changes, keeping its cookie. */
  #unavailable: TokenError | undefined;
  /** The JSON text the loaded data came from. */
  #source: { text?: string } = {};
  /**
   * The loaded top-level values with their text, read from the source on the first save, when writing
   * the data again might not give that text back (null: it would).
   */
  #entries: Map<string, RawEntry> | null | undefined;

  /**
   * @param sessionKey the cookie value (or null/undefined for a new session)
   * @param options the settings, or an options object (validated once per object)
   */
  constructor(sessionKey: string | null | undefined, options: SessionOptions | SessionSettings) {
    const settings = SessionSettings.from(options);
    super(sessionKey, settings);
    this.settings = settings;
  }

  override getSessionCookieAge(): number {
    return this.settings.maxAge;
  }

  /** Verifies and decodes the cookie. Any refusal gives an empty session with `modified` set, as in Django. */
  override load(): Record<string, JsonValue> {
    try {
      const verified = this.settings.signer.verifyObject(this.sessionKey ?? '', this.#readOptions());
      const value = this.#accept(verified);
      const verdict = this.#validate(value, verified.timestamp);
      if (isThenable(verdict)) {
        verdict.then(undefined, () => {}); // the error below is the one to report
        throw new ConfigError(
          'The validate hook returned a promise, but this session was loaded with the sync API, which cannot wait for it. Use the async API (aload, or an adapter that opens sessions asynchronously) or make validate synchronous.',
        );
      }
      return this.#validated(value, verdict, verified);
    } catch (error) {
      return this.#refuse(error);
    }
  }

  override async aload(): Promise<Record<string, JsonValue>> {
    try {
      const verified = await this.settings.signer.averifyObject(this.sessionKey ?? '', this.#readOptions());
      const value = this.#accept(verified);
      const verdict = this.#validate(value, verified.timestamp);
      // Only a hook's promise is awaited: awaiting a plain verdict would add a tick to every load.
      return this.#validated(value, isThenable(verdict) ? await verdict : verdict, verified);
    } catch (error) {
      return this.#refuse(error);
    }
  }

  static {
    sessionLifecycle = {
      preload: (store) => store.#preload(),
      apreload: (store) => store.#apreload(),
      seal: (store, refusal) => store.#seal(refusal),
      refuse: (store, error) => store.#refuseAll(error),
      reissue: (store) => store.#reissue(),
      areissue: (store) => store.#areissue(),
      signedLength: (store) => store.#signedLength(),
      asignedLength: (store) => store.#asignedLength(),
    };
  }

  /**
   * Loads the cookie now, with the async API, without marking the session accessed: for adapters on
   * runtimes where only async crypto exists, so later sync access needs no crypto.
   */
  async #apreload(): Promise<void> {
    if (this.cache !== undefined || this.sessionKey === null) return;
    const modified = this.modified;
    const data = await this.aload();
    if (this.cache === undefined) this.#preloaded(modified, data);
  }

  /** `apreload` with the sync API. */
  #preload(): void {
    if (this.cache !== undefined || this.sessionKey === null) return;
    this.#preloaded(this.modified, this.load());
  }

  #preloaded(modifiedBefore: boolean, data: Record<string, JsonValue>): void {
    this.cache = toMap(data);
    // Loading lazily, Django marks a refused session modified only when the app touches it; keep that.
    if (this.invalidReason !== undefined && this.#unavailable === undefined && !modifiedBefore) {
      this.modified = false;
      this.#pendingReset = true;
    }
  }

  /**
   * Refuses every later change: the middleware calls this once the cookie is in the response. An adapter
   * whose session can never be written (a Next.js Server Component) gives the error that says why.
   */
  #seal(refusal: () => Error = () => new HeadersSentError()): void {
    this.#sealed = refusal;
  }

  protected override beforeChange(): void {
    if (this.#sealed) throw this.#sealed();
    if (this.#unavailable !== undefined) {
      throw new ValidationUnavailable(
        'The session could not be checked (the validate hook had no answer in time), so it is read-only for this request: a change would replace a cookie that may still be valid. flush() still signs out.',
        this.#unavailable,
      );
    }
  }

  /** Empties the session and drops its key; allowed even on a session that could not be checked. */
  override flush(): void {
    this.#unavailable = undefined;
    super.flush();
  }

  override async aflush(): Promise<void> {
    this.#unavailable = undefined;
    await super.aflush();
  }

  protected override get storesBigInts(): boolean {
    return this.settings.bigIntegers === 'bigint';
  }

  /** Marks a session refused before any cookie could be read (several different valid cookies). */
  #refuseAll(error: TokenError): void {
    this.cache = new Map();
    this.#refuse(error);
    this.modified = false;
    this.#pendingReset = true;
  }

  protected override get session(): Map<string, JsonValue> {
    this.#applyPendingReset();
    return super.session;
  }

  protected override asession(): Promise<Map<string, JsonValue>> {
    this.#applyPendingReset();
    return super.asession();
  }

  #applyPendingReset(): void {
    if (this.#pendingReset) {
      this.#pendingReset = false;
      this.create();
    }
  }

  /** Django's `create()` for cookies: only marks the session modified; there is no key to make. */
  override create(): void {
    this.modified = true;
  }

  /** Signs the current data (with a new timestamp) into the session key. */
  override save(_mustCreate = false): void {
    this.beforeChange();
    this.setSessionKey(this.settings.signer.signObject(this.#payload(), this.#writeOptions()));
    this.modified = true;
  }

  override async asave(_mustCreate = false): Promise<void> {
    this.beforeChange();
    const data = await this.asession();
    this.setSessionKey(await this.settings.signer.asignObject(this.#stamped(data), this.#writeOptions()));
    this.modified = true;
  }

  /**
   * Re-signs the loaded data with its original timestamp under the current secret, so a rotation
   * completes without extending any session's lifetime.
   */
  #reissue(): void {
    this.setSessionKey(this.settings.signer.signObject(this.#payload(), this.#writeOptions(this.#reissueTime())));
  }

  async #areissue(): Promise<void> {
    const data = await this.asession();
    this.setSessionKey(
      await this.settings.signer.asignObject(this.#stamped(data), this.#writeOptions(this.#reissueTime())),
    );
  }

  #signedLength(): number {
    return this.settings.signer.signObject(this.#payload(), this.#measureOptions()).length;
  }

  async #asignedLength(): Promise<number> {
    const data = await this.asession();
    return (await this.settings.signer.asignObject(this.#stamped(data), this.#measureOptions())).length;
  }

  #measureOptions(): WriteObjectOptions {
    return { compress: true, compressMinBytes: this.settings.compressMinBytes, maxLength: Infinity };
  }

  /** Django's `SessionBase.encode`: the signed form its database backends store (not used for cookies). */
  encode(data: Record<string, JsonValue>): string {
    return this.settings.encodeSigner.signObject(data, { compress: true });
  }

  /** Django's `SessionBase.decode`: `{}` for anything that does not verify and decode, reported to `onInvalid`. */
  decode(sessionData: string): Record<string, JsonValue> {
    try {
      return asObject(this.settings.encodeSigner.unsignObject(sessionData));
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      this.settings.onInvalid?.(error.reason, error);
      return {};
    }
  }

  /** Always false: a cookie session has no server-side record. */
  override exists(_sessionKey?: string | null): boolean {
    return false;
  }

  /** Drops the key and data; the middleware then deletes the cookie. */
  override delete(_sessionKey?: string | null): void {
    this.setSessionKey(null);
    this.cache = new Map();
    this.modified = true;
  }

  /** Re-signs the same data. The old cookie cannot be revoked: it stays valid until it expires. */
  override cycleKey(): void {
    this.save();
  }

  override async acycleKey(): Promise<void> {
    await this.asave();
  }

  /** Nothing to clear: expired cookies live only in browsers. */
  static override clearExpired(): void {}

  static override async aclearExpired(): Promise<void> {}

  #payload(): unknown {
    return this.#stamped(this.session);
  }

  /**
   * What is signed: the data, carrying its creation time from the first save on with `absoluteMaxAge`.
   * Lossless: a loaded value the app did not change is written back as the text Django wrote (`1.0` stays
   * `1.0`, a big integer stays exact, nested keys keep their order), and the keys keep their order even
   * where a JS object would move integer-like ones first. Otherwise the plain object (the fast path).
   */
  #stamped(data: Map<string, JsonValue>): unknown {
    if (this.settings.absoluteMaxAge !== undefined && !Number.isSafeInteger(data.get(CREATED_KEY))) {
      data.set(CREATED_KEY, Math.floor(this.now() / 1000));
    }
    const loaded = this.#loadedEntries();
    if (loaded === undefined && !hasIndexKey(data)) return toObject(data);
    const entries: [string, unknown][] = [];
    // The loaded keys in the text's order, then the ones the app added, in the app's order.
    loaded?.forEach(({ raw, value }, key) => {
      if (data.has(key)) {
        const current = data.get(key)!;
        entries.push([key, unchanged(value, current) ? new RawJson(raw) : current]);
      }
    });
    data.forEach((value, key) => {
      if (!loaded?.has(key)) entries.push([key, value]);
    });
    return new RawJson(toPythonJsonObject(entries));
  }

  /**
   * How the store signs: compressed for speed (`'fast'`; Django reads it) from `compressMinBytes` of JSON;
   * optionally at a given time.
   */
  #writeOptions(timestamp?: number): { compress: 'fast'; compressMinBytes: number; timestamp?: number } {
    return { compress: 'fast', compressMinBytes: this.settings.compressMinBytes, timestamp };
  }

  /** Reading keeps the JSON text, for a lossless re-save. */
  #readOptions(): { json: JsonReadOptions } {
    this.#source = {};
    return { json: { bigIntegers: this.settings.bigIntegers, source: this.#source } };
  }

  #loadedEntries(): Map<string, RawEntry> | undefined {
    if (this.#entries === undefined) {
      const { text } = this.#source;
      this.#entries =
        text !== undefined && this.signedAt !== undefined && mayNotRoundTrip(text)
          ? readEntries(text, this.settings.bigIntegers)
          : null;
    }
    return this.#entries ?? undefined;
  }

  #reissueTime(): number {
    return this.signedAt ?? Math.floor(this.now() / 1000);
  }

  #accept(verified: VerifiedTimestamped<JsonValue>): Record<string, JsonValue> {
    const { timestamp } = verified;
    const value = asObject(verified.value);
    const expiry = value[EXPIRY_KEY];
    const { timeZone } = this.settings;
    if (!isValidStoredExpiry(expiry, timeZone)) throw new PayloadError('The session has an invalid _session_expiry.');
    const end = expiresAt(timestamp, expiry, this.settings.maxAge, this.settings.ownExpiryReplacesMaxAge, timeZone);
    const now = this.now() / 1000;
    if (now > end) throw new SignatureExpired(`Session expired ${Math.floor(now - end)} seconds ago`);
    const { absoluteMaxAge } = this.settings;
    if (absoluteMaxAge !== undefined) {
      // Fail closed: a missing or unreadable creation time is no licence to live forever.
      const created = value[CREATED_KEY];
      if (typeof created !== 'number' || !Number.isSafeInteger(created) || created > timestamp) {
        throw new SignatureExpired('Session has no valid creation time and absoluteMaxAge is set');
      }
      if (now - created > absoluteMaxAge)
        throw new SignatureExpired(`Session is older than absoluteMaxAge (${absoluteMaxAge} s)`);
    }
    return value;
  }

  /** The app's verdict; a hook may throw a `TokenError` of its own (a revocation store that is down). */
  #validate(value: Record<string, JsonValue>, signedAt: number): boolean | Promise<boolean> {
    const { validate } = this.settings;
    return validate === undefined ? true : validate(value, { signedAt, token: this.sessionKey ?? '' });
  }

  #validated(
    value: Record<string, JsonValue>,
    verdict: boolean,
    { timestamp, rotated }: VerifiedTimestamped<JsonValue>,
  ): Record<string, JsonValue> {
    if (verdict !== true) throw new RejectedToken('Session refused by the validate hook');
    this.signedAt = timestamp;
    this.needsReissue = rotated;
    this.#entries = undefined;
    return value;
  }

  #refuse(error: unknown): Record<string, JsonValue> {
    if (!(error instanceof TokenError)) throw error;
    this.invalidReason = error.reason;
    // A check that could not answer is no verdict on the cookie: keep it (nothing is written) for later requests.
    if (error.reason === 'unavailable') this.#unavailable = error;
    else this.create();
    this.settings.onInvalid?.(error.reason, error);
    return {};
  }
}

/**
 * Whether the app's value is still what was loaded: the same primitive, or the same content in the same
 * key order (what writing it would show; a nested -0 is not 0). Anything the writer would refuse (a Map,
 * a Date, an array with a named property) counts as changed, so writing it throws instead of dropping it.
 */
function unchanged(loaded: unknown, current: JsonValue): boolean {
  return loaded === current || sameJson(loaded, current);
}

function sameJson(loaded: unknown, current: unknown): boolean {
  if (typeof loaded !== 'object' || loaded === null || typeof current !== 'object' || current === null)
    return Object.is(loaded, current);
  if (loaded instanceof RawJson || current instanceof RawJson)
    return loaded instanceof RawJson && current instanceof RawJson && loaded.text === current.text;
  if (Array.isArray(loaded)) {
    if (!Array.isArray(current) || current.length !== loaded.length) return false;
    for (let i = 0; i < loaded.length; i++) if (!sameJson(loaded[i], current[i])) return false;
    return Object.keys(current).length === current.length;
  }
  const proto = Object.getPrototypeOf(current) as unknown;
  if (Array.isArray(current) || (proto !== Object.prototype && proto !== null)) return false;
  const keys = Object.keys(loaded);
  const currentKeys = Object.keys(current);
  if (keys.length !== currentKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== currentKeys[i]) return false;
    if (!sameJson((loaded as Record<string, unknown>)[key], (current as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** A key a JS object would move ahead of the others (an array index: "0", "1", … below 2^32 - 1). */
function hasIndexKey(data: Map<string, JsonValue>): boolean {
  for (const key of data.keys()) {
    const c = key.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4_294_967_295) return true;
  }
  return false;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Session data is a JSON object; anything else signed under the session salt is refused. */
function asObject(value: JsonValue): Record<string, JsonValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PayloadError('The session payload is not a JSON object.');
  return value;
}
