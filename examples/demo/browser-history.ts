/**
 * What the demo keeps on the server about each browser, so a person can replay an older cookie: the last
 * few session cookies that browser sent, and the CLI's last answer. Keyed by a `demo` cookie that is not
 * part of the session. In memory, bounded, and only for the demo: a real app keeps none of this.
 */
import { randomBytes } from 'node:crypto';

export interface SeenCookie {
  /** Names it in the page's replay form, so the value itself stays on the server. */
  id: number;
  value: string;
  /** When this browser first sent it (ms). */
  seenAt: number;
}

export interface CliRun {
  command: string;
  output: string;
  exitCode: number;
}

export interface BrowserHistory {
  cookies: SeenCookie[];
  cli: CliRun | undefined;
  /** Said once, on the next page. */
  notice: string | undefined;
}

const KEEP_COOKIES = 5;
const KEEP_BROWSERS = 1000;

export class DemoHistory {
  readonly #browsers = new Map<string, BrowserHistory>();
  static #ids = 0;

  /** The browser's history, and its id (a new one when `id` is unknown). */
  open(id: string | undefined): { id: string; history: BrowserHistory } {
    const known = id === undefined ? undefined : this.#browsers.get(id);
    if (id !== undefined && known) return { id, history: known };
    const fresh = randomBytes(12).toString('base64url');
    if (this.#browsers.size >= KEEP_BROWSERS) this.#browsers.delete(this.#browsers.keys().next().value!);
    const history: BrowserHistory = { cookies: [], cli: undefined, notice: undefined };
    this.#browsers.set(fresh, history);
    return { id: fresh, history };
  }

  /** Records the session cookie the browser sent, unless it is the one last recorded. */
  static see(history: BrowserHistory, value: string | undefined, now: number): void {
    if (!value || history.cookies.some((c) => c.value === value)) return;
    history.cookies.unshift({ id: ++DemoHistory.#ids, value, seenAt: now });
    history.cookies.length = Math.min(history.cookies.length, KEEP_COOKIES);
  }
}
