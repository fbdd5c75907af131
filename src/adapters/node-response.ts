/**
 * Session headers on a node:http `ServerResponse` (node and Express adapters): decided when the head is
 * written, explicitly or by the first write/end, so streaming handlers get them and `CookieTooLarge` is
 * thrown from that call, before anything is sent. The app's own cookies stay, each on its own line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestSession, SessionMiddleware } from '../http/session-middleware.js';
import { varyWithCookie } from '../http/vary.js';

function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, cookie]);
}

/** Reads the session cookie of a node request (several Cookie headers are joined with "; "). */
export function openNodeSession<Data extends object>(middleware: SessionMiddleware<Data>, req: IncomingMessage): RequestSession<Data> {
  const header = req.headers.cookie;
  return middleware.open(Array.isArray(header) ? header.join('; ') : header);
}

/** Commits the session into the response head when it is written. */
export function commitOnWriteHead<Data extends object>(middleware: SessionMiddleware<Data>, state: RequestSession<Data>, res: ServerResponse): void {
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
}
