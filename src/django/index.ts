/**
 * `signed-cookie-session/django`: share a login with a Django site. Who is signed in, exactly as
 * Django's `get_user` decides it (`DjangoAuth`); signing in and out so that Django agrees; CSRF tokens
 * and checks that interoperate with Django's, for every adapter; and Django's password hashes.
 */
export { BACKEND_SESSION_KEY, CSRF_SESSION_KEY, HASH_SESSION_KEY, MODEL_BACKEND, SESSION_KEY } from './session-keys.js';
export { constantTimeEqual } from './constant-time.js';
export { asaltedHmac, saltedHmac, toHex } from './salted-hmac.js';
export { SESSION_AUTH_HASH_SALT, type SessionAuthHash, sessionAuthHash } from './session-auth-hash.js';
export { DjangoAuth, type DjangoAuthOptions, type DjangoUser, type LoginOptions } from './django-auth.js';
export {
  checkPassword,
  hasherOf,
  makePassword,
  type MakePasswordOptions,
  PBKDF2_ITERATIONS,
  type PasswordHasher,
  SCRYPT,
  UNUSABLE_PASSWORD_PREFIX,
} from './passwords.js';
export { CsrfRefused, UnsupportedHasher } from './errors.js';
export {
  CSRF_ALLOWED_CHARS,
  CSRF_SECRET_LENGTH,
  CSRF_TOKEN_LENGTH,
  maskCipherSecret,
  newCsrfSecret,
  tokenFormatProblem,
  unmaskCipherToken,
} from './csrf-token.js';
export {
  CSRF_COOKIE_AGE,
  type CsrfOptions,
  type ResolvedCsrfOptions,
  type SameSite as CsrfSameSite,
} from './csrf-options.js';
export { CSRF_FORM_FIELD, type CsrfRequest, formTokenOf, SAFE_METHODS } from './csrf-request.js';
export { checkCsrf, type CsrfSecret, type CsrfVerdict } from './csrf-check.js';
export { Csrf, type CsrfGuard, refusalOf } from './csrf.js';
export { type CsrfCookie, RequestCsrf } from './request-csrf.js';
export {
  forbidden,
  guardNodeRequest,
  isFormPost,
  nodeCsrfRequest,
  openNodeCsrf,
  readNodeForm,
  tokenOfForm,
} from './csrf-node.js';
export { type CsrfNodeRequest, withCsrf as withNodeCsrf } from './csrf-node-handler.js';
export { csrfMiddleware, getCsrf as getExpressCsrf } from './csrf-express.js';
export { csrfPlugin, getCsrf as getFastifyCsrf } from './csrf-fastify.js';
export {
  csrfHeaders,
  fetchCsrfRequest,
  fetchFormToken,
  type FetchCsrfGuard,
  forbiddenResponse,
  guardFetchRequest,
  withCsrfCookie,
} from './csrf-fetch-request.js';
export { withCsrf as withFetchCsrf } from './csrf-fetch.js';
export { type CsrfEnv, honoCsrf } from './csrf-hono.js';
export { getKoaCsrf, koaCsrf } from './csrf-koa.js';
export { getH3Csrf, h3Csrf } from './csrf-h3.js';
export { reactRouterCsrf } from './csrf-react-router.js';
export { getSvelteKitCsrf, svelteKitCsrf } from './csrf-sveltekit.js';
export { type NextCookieAttributes, type NextCsrf, nextCsrf, type NextHeadersApi } from './csrf-next.js';
