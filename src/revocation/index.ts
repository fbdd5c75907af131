/**
 * `signed-cookie-session/revocation`: sign a user out everywhere, or revoke one session, on the app's
 * Redis, for a fleet of instances that share nothing else.
 */
export {
  ioredisClient,
  type IoredisLike,
  nodeRedisClient,
  type NodeRedisLike,
  type RevocationClient,
  upstashClient,
  type UpstashLike,
} from './client.js';
export { DeadlineExceeded } from './deadline.js';
export { MARKER_KEY, type RevocationMarker } from './marker.js';
export {
  DEFAULT_CACHE_SECONDS,
  DEFAULT_MAX_CACHE_ENTRIES,
  DEFAULT_TIMEOUT_MS,
  Revocation,
  type RevocationOptions,
} from './revocation.js';
export { ValidationUnavailable } from '../session/errors.js';
