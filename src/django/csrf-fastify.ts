/**
 * CSRF for Fastify 5, registered after the session plugin: `app.register(csrfPlugin, options)`. The
 * state is opened in `onRequest`, unsafe requests are checked in `preHandler` (once a body parser, e.g.
 * @fastify/formbody, has read the form) and the cookie is written in `onSend`. `getCsrf(request)` gives
 * the state; a refused request gets Django's 403.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { varyWithCookie } from '../headers/vary.js';
import type { SessionBase } from '../session/session-base.js';
import { Csrf, refusalOf } from './csrf.js';
import { nodeCsrfRequest } from './csrf-node.js';
import type { CsrfOptions } from './csrf-options.js';
import { formTokenOf } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

const STATE = Symbol('signed-cookie-session/django csrf');
type WithState = FastifyRequest & { [STATE]?: RequestCsrf };

export function csrfPlugin(app: FastifyInstance, options: CsrfOptions | Csrf, done: (error?: Error) => void): void {
  const csrf = Csrf.from(options);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const session = (request as unknown as { session?: SessionBase<object> | null }).session ?? undefined;
    (request as WithState)[STATE] = await csrf.open(request.headers.cookie, session);
  });
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Parameters<typeof formTokenOf>[1];
    const refusal = await refusalOf(getCsrf(request), request.method, () =>
      nodeCsrfRequest(request.raw, csrf, formTokenOf(request.headers['content-type'], body)),
    );
    if (refusal !== undefined) return reply.code(403).type('text/plain; charset=utf-8').send(`Forbidden (${refusal})`);
  });
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const cookie = (request as WithState)[STATE]?.commit();
    if (cookie) {
      reply.header('set-cookie', cookie);
      reply.header('vary', varyWithCookie(reply.getHeader('vary')?.toString()));
    }
    return payload;
  });
  done();
}

// Skip Fastify's encapsulation so the hooks apply to every route (what fastify-plugin does).
(csrfPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
(csrfPlugin as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] =
  'signed-cookie-session/django csrf';

/** The CSRF state of a request (after `csrfPlugin`). */
export function getCsrf(request: FastifyRequest): RequestCsrf {
  const state = (request as WithState)[STATE];
  if (!state) throw new Error('No CSRF state on this request: register csrfPlugin before this route.');
  return state;
}
