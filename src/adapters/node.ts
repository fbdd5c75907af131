/**
 * `signed-cookie-session/node`: sessions for a plain node:http `(req, res)` handler.
 *
 * The session headers are decided when the response head is written (explicitly or by the first
 * write/end), so a handler that streams still gets them, and `CookieTooLarge` is thrown from that call,
 * before anything is sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import { varyWithCookie } from '../http/vary.js';

export type { SessionMiddlewareOptions } from '../http/session-middleware.js';

/** The request a wrapped handler receives: node's, with `session`. */
export type SessionRequest<Data extends object = SessionData> = IncomingMessage & { session: SessionStore<Data> };

export type SessionHandler<Data extends object> = (req: SessionRequest<Data>, res: ServerResponse) => void | Promise<void>;

function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, cookie]);
}

/**
 * Wraps a node:http handler so that `req.session` is a Django-compatible signed-cookie session.
 * `onError` receives what the handler threw (after a 500 was sent); `console.error` by default.
 */
export function withSession<Data extends object = SessionData>(
  handler: SessionHandler<Data>,
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
  onError: (error: unknown) => void = (error) => console.error(error),
) {
  const middleware = options instanceof SessionMiddleware ? options : new SessionMiddleware<Data>(options);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const header = req.headers.cookie;
    const state = middleware.open(Array.isArray(header) ? header.join('; ') : header);
    const request = Object.assign(req, { session: state.session });
    const writeHead = res.writeHead;
    let committed = false;
    res.writeHead = function patched(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
      if (!committed) {
        committed = true;
        const { setCookie, vary } = middleware.commit(state, statusCode);
        if (setCookie) appendSetCookie(this, setCookie);
        if (vary) this.setHeader('vary', varyWithCookie(this.getHeader('vary')?.toString()));
      }
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
    } as typeof res.writeHead;
    try {
      await handler(request, res);
    } catch (error) {
      // A throwing handler (or a CookieTooLarge from writing the head) gets a 500, never a crash; nothing is saved.
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('Internal Server Error');
      } else {
        res.destroy();
      }
      onError(error);
    }
  };
}
