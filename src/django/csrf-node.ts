/**
 * CSRF glue for node:http requests and responses (the node, Express, Fastify and Koa adapters): the
 * request's facts, the guard that opens and checks it, a urlencoded form read from the stream, and the
 * CSRF cookie added to the response head when it is written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { varyWithCookie } from '../headers/vary.js';
import type { SessionBase } from '../session/session-base.js';
import { type Csrf, type CsrfGuard, refusalOf } from './csrf.js';
import { CSRF_FORM_FIELD, type CsrfRequest } from './csrf-request.js';
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

/**
 * Puts the CSRF cookie and `Vary: Cookie` into the head. Headers the app passes to `writeHead` override
 * what was set before, so where that argument names `Set-Cookie` or `Vary`, ours go into it instead.
 */
function addToHead(res: ServerResponse, argument: unknown, cookie: string): unknown {
  if (Array.isArray(argument)) {
    // A flat [name, value, ...] list or [name, value] pairs: node sends every pair, so ours are two more.
    return Array.isArray(argument[0])
      ? [...argument, ['set-cookie', cookie], ['vary', 'Cookie']]
      : [...argument, 'set-cookie', cookie, 'vary', 'Cookie'];
  }
  const given =
    typeof argument === 'object' && argument !== null ? { ...(argument as Record<string, unknown>) } : undefined;
  const key = (name: string) => (given ? Object.keys(given).find((k) => k.toLowerCase() === name) : undefined);
  const cookieKey = key('set-cookie');
  if (given && cookieKey !== undefined)
    given[cookieKey] = [
      ...[given[cookieKey]]
        .flat()
        .filter((v) => v !== undefined)
        .map(String),
      cookie,
    ];
  else appendSetCookie(res, cookie);
  const varyKey = key('vary');
  if (given && varyKey !== undefined) given[varyKey] = varyWithCookie(String(given[varyKey] ?? ''));
  else res.setHeader('vary', varyWithCookie(res.getHeader('vary')?.toString()));
  return given ?? argument;
}

/** Opens the request's CSRF state and writes its cookie (with `Vary: Cookie`) into the response head. */
export async function openNodeCsrf<Data extends object>(
  csrf: Csrf,
  req: IncomingMessage,
  res: ServerResponse,
  session?: SessionBase<Data>,
): Promise<RequestCsrf> {
  const state = await csrf.open(req.headers.cookie, session);
  const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  let committed = false;
  res.writeHead = function patched(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (!committed) {
      committed = true;
      const cookie = state.commit();
      // writeHead(status[, reason][, headers])
      const at = typeof rest[0] === 'string' ? 1 : 0;
      if (cookie) rest[at] = addToHead(this, rest[at], cookie);
    }
    return writeHead.call(this, statusCode, ...rest);
  } as typeof res.writeHead;
  return state;
}

/**
 * Opens a node request's CSRF state (its cookie then goes into the response head) and checks it when its
 * method is unsafe; `formToken` is asked for then (the app's parsed body, or `readNodeForm`).
 */
export async function guardNodeRequest<Data extends object>(
  csrf: Csrf,
  req: IncomingMessage,
  res: ServerResponse,
  session: SessionBase<Data> | undefined,
  formToken: () => string | undefined | Promise<string | undefined>,
): Promise<CsrfGuard> {
  const state = await openNodeCsrf(csrf, req, res, session);
  const refusal = await refusalOf(state, req.method ?? 'GET', async () =>
    nodeCsrfRequest(req, csrf, await formToken()),
  );
  return { state, refusal };
}

/** Form bodies beyond this are refused (413) rather than buffered: Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`. */
const MAX_FORM_BYTES = 2_621_440;

/** Whether a node request is a urlencoded form post (the only body whose token Django's check reads here). */
export function isFormPost(req: IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    req.headers['content-type']?.toLowerCase().startsWith('application/x-www-form-urlencoded') === true
  );
}

/** A urlencoded body read from the stream (which is then spent), or undefined when it is too large. */
export async function readNodeForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The token field of a form read by `readNodeForm` (the last, as Django's `QueryDict.get`). */
export const tokenOfForm = (form: URLSearchParams): string | undefined => form.getAll(CSRF_FORM_FIELD).at(-1);

/** Django's 403 for a refused request: `Forbidden (<reason>)`, as plain text. */
export function forbidden(res: ServerResponse, reason: string): void {
  res.statusCode = 403;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`Forbidden (${reason})`);
}
