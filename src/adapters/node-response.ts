/**
 * Session headers on a node:http `ServerResponse` (node and Express adapters): decided when the head is
 * written, explicitly or by the first write/end, so streaming handlers get them and `CookieTooLarge` is
 * thrown from that call, before anything is sent. The app's own cookies stay, each on its own line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestSession, SessionMiddleware, Transport } from '../http/session-middleware.js';
import { privateNoStore } from '../http/cache-control.js';
import { varyWithCookie } from '../http/vary.js';

function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  if (existing === undefined) return void res.setHeader('set-cookie', cookie);
  res.setHeader('set-cookie', [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
}

/**
 * Reads the session cookie of a node request (node joins several Cookie headers with "; "). With a
 * `validate` hook, which may be async, the cookie is verified now with the async API (a promise);
 * otherwise the session opens lazily and synchronously, as Django's does.
 */
export function openNodeSession<Data extends object>(
  middleware: SessionMiddleware<Data>,
  req: IncomingMessage,
): RequestSession<Data> | Promise<RequestSession<Data>> {
  middleware.checkTransport(() => nodeTransport(req));
  return middleware.settings.validate === undefined ? middleware.open(req.headers.cookie) : middleware.aopen(req.headers.cookie);
}

/** How a node request arrived, for the Secure-over-HTTP warning. */
export function nodeTransport(req: IncomingMessage): Transport {
  const forwarded = req.headers['x-forwarded-proto'];
  return {
    encrypted: (req.socket as { encrypted?: boolean } | null)?.encrypted === true,
    host: req.headers.host,
    forwardedProto: Array.isArray(forwarded) ? forwarded[0] : forwarded,
  };
}

/** Commits the session into the response head when it is written. */
export function commitOnWriteHead<Data extends object>(middleware: SessionMiddleware<Data>, state: RequestSession<Data>, res: ServerResponse): void {
  const writeHead = res.writeHead;
  let committed = false;
  res.writeHead = function patched(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (!committed) {
      committed = true;
      const { setCookie, vary, noStore } = middleware.commit(state, statusCode);
      if (setCookie) appendSetCookie(this, setCookie);
      if (vary) this.setHeader('vary', varyWithCookie(this.getHeader('vary')?.toString()));
      if (noStore) this.setHeader('cache-control', privateNoStore(this.getHeader('cache-control')?.toString()));
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as typeof res.writeHead;
}
