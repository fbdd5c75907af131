/**
 * CSRF glue for Fetch API requests and responses, shared by every framework whose requests are Fetch
 * `Request`s (fetch, Hono, h3, React Router, SvelteKit, Next.js): the request's facts, the guard that
 * opens and checks it, and the CSRF cookie added to a response (a copy when its headers are immutable).
 */
import { varyWithCookie } from '../headers/vary.js';
import type { SessionBase } from '../session/session-base.js';
import type { Csrf } from './csrf.js';
import type { CsrfRequest } from './csrf-request.js';
import { formTokenOf } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

/** The CSRF facts of a Fetch request; the Host is the URL's (what runtimes build it from). */
export function fetchCsrfRequest(request: Request, csrf: Csrf, formToken?: string): CsrfRequest {
  const url = new URL(request.url);
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const secure = url.protocol === 'https:' || (csrf.options.trustProxy && forwarded === 'https');
  return {
    method: request.method.toUpperCase(),
    secure,
    host: request.headers.get('host') ?? url.host,
    port: url.port || (url.protocol === 'https:' ? '443' : '80'),
    origin: request.headers.get('origin') ?? undefined,
    referer: request.headers.get('referer') ?? undefined,
    headerToken: request.headers.get(csrf.options.headerName) ?? undefined,
    formToken,
  };
}

/** The form token of a Fetch request, read from a clone so the handler can still read the body. */
export async function fetchFormToken(request: Request): Promise<string | undefined> {
  const type = request.headers.get('content-type') ?? undefined;
  if (request.method !== 'POST' || !type?.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    return undefined;
  return formTokenOf(type, await request.clone().text());
}

/** A Fetch request past the guard: its CSRF state, and Django's 403 (with the cookie) when refused. */
export interface FetchCsrfGuard {
  state: RequestCsrf;
  refused: Response | undefined;
}

/**
 * Opens a Fetch request's CSRF state and checks it when its method is unsafe. `facts` describes the
 * request when the Fetch request does not say how it came (SvelteKit's adapter-node: node's request does).
 */
export async function guardFetchRequest<Data extends object>(
  csrf: Csrf,
  request: Request,
  session?: SessionBase<Data>,
  facts: (formToken: string | undefined) => CsrfRequest = (formToken) => fetchCsrfRequest(request, csrf, formToken),
): Promise<FetchCsrfGuard> {
  const { state, refusal } = await csrf.guard(
    request.headers.get('cookie') ?? undefined,
    request.method,
    async () => facts(await fetchFormToken(request)),
    session,
  );
  return {
    state,
    refused: refusal === undefined ? undefined : withCsrfCookie(forbiddenResponse(refusal), state.commit()),
  };
}

/** The CSRF cookie and `Vary: Cookie` as headers, for a framework's own response (`data(value, { headers })`). */
export function csrfHeaders(state: RequestCsrf): Headers {
  const headers = new Headers();
  const cookie = state.commit();
  if (cookie) addCsrfCookie(headers, cookie);
  return headers;
}

function addCsrfCookie(headers: Headers, cookie: string): void {
  headers.append('set-cookie', cookie);
  headers.set('vary', varyWithCookie(headers.get('vary') ?? undefined));
}

/** The response with the CSRF cookie appended, and `Vary: Cookie`. */
export function withCsrfCookie(response: Response, cookie: string | undefined): Response {
  if (!cookie) return response;
  try {
    addCsrfCookie(response.headers, cookie);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  const copy = new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  addCsrfCookie(copy.headers, cookie);
  return copy;
}

/** Django's 403 for a refused request. */
export function forbiddenResponse(reason: string): Response {
  return new Response(`Forbidden (${reason})`, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
