/**
 * CSRF glue for node:http requests and responses (the node, Express and Fastify adapters): the request's
 * facts, and the CSRF cookie added to the response head when it is written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { varyWithCookie } from '../http/vary.js';
import type { SessionBase } from '../session/session-base.js';
import type { Csrf } from './csrf.js';
import type { CsrfRequest } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The CSRF facts of a node request; `formToken` is the body's `csrfmiddlewaretoken`, once the app parsed it. */
export function nodeCsrfRequest(req: IncomingMessage, csrf: Csrf, formToken?: string): CsrfRequest {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const forwarded = header(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const secure = encrypted || (csrf.options.trustProxy && forwarded === 'https');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    secure,
    host: req.headers.host,
    port: String(req.socket?.localPort ?? (secure ? 443 : 80)),
    origin: header(req, 'origin'),
    referer: header(req, 'referer'),
    headerToken: header(req, csrf.options.headerName),
    formToken,
  };
}

function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  if (existing === undefined) return void res.setHeader('set-cookie', cookie);
  res.setHeader('set-cookie', [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
}

/** Opens the request's CSRF state and writes its cookie (with `Vary: Cookie`) into the response head. */
export async function openNodeCsrf<Data extends object>(csrf: Csrf, req: IncomingMessage, res: ServerResponse, session?: SessionBase<Data>): Promise<RequestCsrf> {
  const state = await csrf.open(req.headers.cookie, session);
  const writeHead = res.writeHead;
  let committed = false;
  res.writeHead = function patched(this: ServerResponse, ...args: unknown[]) {
    if (!committed) {
      committed = true;
      const cookie = state.commit();
      if (cookie) {
        appendSetCookie(this, cookie);
        this.setHeader('vary', varyWithCookie(this.getHeader('vary')?.toString()));
      }
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  return state;
}

/** Django's 403 for a refused request: `Forbidden (<reason>)`, as plain text. */
export function forbidden(res: ServerResponse, reason: string): void {
  res.statusCode = 403;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`Forbidden (${reason})`);
}
