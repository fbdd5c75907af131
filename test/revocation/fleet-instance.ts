/**
 * One instance of the fleet test: the revocation example (examples/revocation.ts) on the node adapter,
 * from the built package as an app imports it, configured by the environment as a deploy would configure
 * it: PORT, REDIS_URL, SESSION_SECRET,
 * SESSION_FALLBACK_SECRETS (comma-separated), REVOCATION_FAIL_OPEN=1, REVOCATION_CACHE_SECONDS, REVOCATION_TIMEOUT_MS and
 * CLOCK_OFFSET_SECONDS (this machine's clock error). Prints "ready" once listening and "refused <reason>"
 * for every refused cookie; on SIGTERM it stops accepting, finishes what it has and exits.
 */
import { createServer } from 'node:http';
import { nodeRedisClient, Revocation } from 'signed-cookie-session/revocation';
import { connectRedis, createApp } from '../../examples/revocation.js';

const env = (name: string): string | undefined => process.env[name] || undefined;
const offset = Number(env('CLOCK_OFFSET_SECONDS') ?? 0) * 1000;
const redis = await connectRedis(env('REDIS_URL')!);
const revocation = new Revocation({
  client: nodeRedisClient(redis),
  cacheSeconds: Number(env('REVOCATION_CACHE_SECONDS') ?? 1),
  timeoutMs: Number(env('REVOCATION_TIMEOUT_MS') ?? 200),
  failOpen: env('REVOCATION_FAIL_OPEN') === '1',
  onUnavailable: () => undefined,
});
const app = createApp(
  {
    secret: env('SESSION_SECRET')!,
    fallbackSecrets: env('SESSION_FALLBACK_SECRETS')?.split(',') ?? [],
    now: () => Date.now() + offset,
    onInvalid: (reason) => process.stdout.write(`refused ${reason}\n`),
    onWarning: () => undefined,
  },
  revocation,
);
const server = createServer(app);
server.listen(Number(env('PORT')), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => {
  server.close(() => void redis.close().finally(() => process.exit(0)));
  server.closeIdleConnections();
});
