/** Python's `KeyError`: the key is not in the session (`remove`, `pop` without a default, `deleteTestCookie`). */
export class KeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`'${key}'`);
    this.name = 'KeyError';
    this.key = key;
  }
}

/** A `SessionBase` method that a storage back end must provide was called on the bare base class. */
export class NotImplementedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotImplementedError';
  }
}
