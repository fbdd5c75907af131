/** A bound on how long one Redis command may take, so that no request waits on a store that hangs. */

/** Raised when a command has not answered within its deadline. */
export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`No answer from the revocation store within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** Settles with `promise`, or rejects with `DeadlineExceeded` after `ms` milliseconds, whichever comes first. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
