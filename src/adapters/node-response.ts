/**
 * Session headers on a node:http `ServerResponse` (node, Express and Fastify adapters): decided when the
 * head is written, explicitly or by the first write/end, so streaming handlers get them and
 * `CookieTooLarge` is thrown from that call, before anything is sent. Headers the app passes to
 * `writeHead` itself are merged first, so they can neither drop the session cookie nor override its
 * cache rules. The app's own cookies stay, each on its own line.
 */
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import { applySessionHeaders, type HeaderOperations } from '../http/apply-session-headers.js';
import type { RequestSession, SessionHeaders, SessionMiddleware, Transport } from '../http/session-middleware.js';

/** The three header operations on a node response, shared by every request (no per-response object). */
const nodeHeaders: HeaderOperations<ServerResponse> = {
  get: (res, name) => res.getHeader(name)?.toString(),
  set: (res, name, value) => void res.setHeader(name, value),
  appendSetCookie(res, cookie) {
    const existing = res.getHeader('set-cookie');
    if (existing === undefined) return void res.setHeader('set-cookie', cookie);
    res.setHeader('set-cookie', [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
  },
};

/**
 * Reads the session cookie of a node request (node joins several Cookie headers with "; "). With a
 * `validate` hook, which may be async, the cookie is verified now with the async API (a promise);
 * otherwise the session opens lazily and synchronously, as Django's does.
 */
export function openNodeSession<Data extends object>(
  middleware: SessionMiddleware<Data>,
  req: IncomingMessage,
): RequestSession<Data> | Promise<RequestSession<Data>> {
  middleware.checkTransport(nodeTransport, req);
  return middleware.settings.validate === undefined
    ? middleware.open(req.headers.cookie)
    : middleware.aopen(req.headers.cookie);
}

/**
 * Opens a node request's session and hands it to `then`: at once when it needs no async crypto (no
 * promise, no microtask on the common path), else once verified. A throw or a rejection goes to `fail`.
 */
export function withNodeSession<Data extends object, R>(
  middleware: SessionMiddleware<Data>,
  req: IncomingMessage,
  then: (state: RequestSession<Data>) => R,
  fail: (error: unknown) => R,
): R | Promise<Awaited<R>> {
  let opened: RequestSession<Data> | Promise<RequestSession<Data>>;
  try {
    opened = openNodeSession(middleware, req);
  } catch (error) {
    return fail(error);
  }
  // `then` adopts a promise `then` or `fail` returns: its value is their awaited result.
  return opened instanceof Promise ? (opened.then(then, fail) as Promise<Awaited<R>>) : then(opened);
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

/** Marks a request's session as committed: a property on its state, cheaper than a WeakSet entry per request. */
const COMMITTED = Symbol('committed');
type Committable = { [COMMITTED]?: true };

/**
 * Commits a request's session once, whichever comes first: a framework's own hook (Fastify's `onSend`)
 * or the head being written. Undefined when it was already committed.
 */
export function commitOnce<Data extends object>(
  middleware: SessionMiddleware<Data>,
  state: RequestSession<Data>,
  status: number,
): SessionHeaders | undefined {
  if ((state as Committable)[COMMITTED]) return undefined;
  (state as Committable)[COMMITTED] = true;
  return middleware.commit(state, status);
}

/** Puts the session's headers on a node response. */
export function applyNodeHeaders(res: ServerResponse, headers: SessionHeaders): void {
  applySessionHeaders(nodeHeaders, res, headers);
}

/** Commits the session into the response head when it is written. */
export function commitOnWriteHead<Data extends object>(
  middleware: SessionMiddleware<Data>,
  state: RequestSession<Data>,
  res: ServerResponse,
): void {
  const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  // Named parameters rather than a rest array: node calls this on every response (`end()` writes the head).
  res.writeHead = function patched(
    this: ServerResponse,
    statusCode: number,
    reasonOrHeaders?: unknown,
    headers?: unknown,
  ) {
    // Already committed (a second writeHead): passed through exactly as called.
    // eslint-disable-next-line prefer-rest-params -- a rest array would be made on every response
    if ((state as Committable)[COMMITTED]) return writeHead.apply(this, arguments as unknown as unknown[]);
    // writeHead(status[, reason][, headers]): the headers go on the response first, as node would apply them.
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const argument = reason === undefined ? reasonOrHeaders : headers;
    if (argument !== undefined && argument !== null) setHeadArgument(this, argument);
    const sessionHeaders = commitOnce(middleware, state, statusCode);
    if (sessionHeaders) applyNodeHeaders(this, sessionHeaders);
    return reason === undefined ? writeHead.call(this, statusCode) : writeHead.call(this, statusCode, reason);
  } as typeof res.writeHead;
}

/**
 * Sets `writeHead`'s headers argument (an object, a flat `[name, value, …]` array, or `[name, value]`
 * pairs) with `setHeader`, so that they override what the app set before, as node does. A name given
 * several times keeps every value (as node sends them when nothing was set before).
 */
function setHeadArgument(res: ServerResponse, argument: unknown): void {
  if (!Array.isArray(argument)) {
    for (const [name, value] of Object.entries(argument as Record<string, OutgoingHttpHeader | undefined>)) {
      if (name && value !== undefined) res.setHeader(name, value);
    }
    return;
  }
  if (!Array.isArray(argument[0]) && argument.length % 2 !== 0)
    throw new TypeError('writeHead: a flat headers array must hold name, value pairs (its length is odd).');
  const pairs: [string, OutgoingHttpHeader][] = Array.isArray(argument[0])
    ? (argument as [string, OutgoingHttpHeader][])
    : Array.from({ length: Math.floor(argument.length / 2) }, (_, i) => [
        argument[2 * i] as string,
        argument[2 * i + 1] as OutgoingHttpHeader,
      ]);
  const grouped = new Map<string, { name: string; values: (string | number)[] }>();
  for (const [name, value] of pairs) {
    if (!name) continue;
    const key = name.toLowerCase();
    const entry = grouped.get(key) ?? { name, values: [] };
    entry.values.push(...(Array.isArray(value) ? value : [value]));
    grouped.set(key, entry);
  }
  for (const { name, values } of grouped.values())
    res.setHeader(name, values.length === 1 ? values[0]! : values.map(String));
}
