/**
 * The three kinds of client the revocation module accepts, each connected to the test's real Redis:
 * node-redis v5, ioredis, and Upstash's HTTP client in front of a small server that speaks Upstash's
 * REST protocol (POST a command as a JSON array, get `{ result }`) and forwards each command to the Redis.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis as Upstash } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import { createClient } from 'redis';
import { ioredisClient, nodeRedisClient, type RevocationClient, upstashClient } from '../../src/revocation/index.js';

export interface ClientKind {
  client: RevocationClient;
  close(): Promise<void>;
}

/** node-redis with the settings the README recommends: no offline queue, quick reconnects. */
export async function connectNodeRedis(url: string): Promise<ClientKind & { raw: ReturnType<typeof createClient> }> {
  const raw = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 500, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500) },
  });
  raw.on('error', () => undefined); // reconnects by itself; errors reach revocation as failed commands
  await raw.connect();
  return { raw, client: nodeRedisClient(raw), close: async () => void (await raw.close()) };
}

export async function connectIoredis(url: string): Promise<ClientKind> {
  const raw = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 500),
    lazyConnect: true,
  });
  raw.on('error', () => undefined);
  await raw.connect();
  return { client: ioredisClient(raw), close: async () => void raw.disconnect() };
}

const base64 = (value: unknown): unknown =>
  typeof value === 'string' ? Buffer.from(value).toString('base64') : Array.isArray(value) ? value.map(base64) : value;

/** Upstash's client against an Upstash-protocol server forwarding to the Redis of `url`. */
export async function connectUpstash(url: string): Promise<ClientKind> {
  const redis = await connectNodeRedis(url);
  const TOKEN = 'upstash-test-token';
  const run = async (command: unknown, encode: boolean) => {
    try {
      const result = await redis.raw.sendCommand((command as unknown[]).map(String));
      return { result: encode ? base64(result) : result };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return void res.writeHead(401).end('{"error":"unauthorized"}');
      const encode = req.headers['upstash-encoding'] === 'base64';
      const parsed = JSON.parse(body) as unknown[];
      const pipeline = req.url?.startsWith('/pipeline') ?? false;
      void (pipeline ? Promise.all(parsed.map((c) => run(c, encode))) : run(parsed, encode)).then((answer) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const upstash = new Upstash({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: TOKEN,
    enableTelemetry: false,
    retry: false,
  });
  return {
    client: upstashClient(upstash),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.close();
    },
  };
}
