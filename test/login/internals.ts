/** What the login tests reach beyond the public `signed-cookie-session/django` API. */
export * from '../../src/django/index.js';
export { secretFrom } from '../../src/django/request-csrf.js';
export { resolveCsrfOptions as resolveCsrfOptionsForTest } from '../../src/django/csrf-options.js';
