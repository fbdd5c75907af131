/**
 * A soak target in its own process: `node --import tsx --expose-gc test/load/soak-server.ts <node|express>`.
 * Prints "PORT <n>"; GET /__rss runs the GC and answers the resident set size in bytes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { getSession, session } from '../../src/adapters/express.js';
import { withSession } from '../../src/adapters/node.js';
import type { SessionStore } from '../../src/index.js';

const SECRET = process.env['SOAK_SECRET']!;
const options = { secret: SECRET, secure: false, onWarning: () => undefined };

function handle(path: string, s: SessionStore): string {
  switch (path) {
    case '/write':
      s.set('n', (s.get('n', 0) as number) + 1);
      s.set(
        'cart',
        Array.from({ length: 5 }, (_, i) => `SKU-${i}`),
      );
      break;
    case '/read':
      s.get('n');
      break;
    case '/flush':
      s.flush();
      break;
  }
  return JSON.stringify({ n: s.get('n') ?? 0 });
}

function rss(res: ServerResponse): void {
  (globalThis as { gc?: () => void }).gc?.();
  res.end(String(process.memoryUsage().rss));
}

const kind = process.argv[2];
let listener: (req: IncomingMessage, res: ServerResponse) => void;
if (kind === 'express') {
  const app = express();
  app.get('/__rss', (_req, res) => rss(res));
  app.use(session(options));
  app.use((req, res) => void res.end(handle(req.path, getSession(req))));
  listener = app;
} else {
  const handler = withSession(
    (req, res) => void res.end(handle(new URL(req.url!, 'http://x').pathname, req.session)),
    options,
  );
  listener = (req, res) => (req.url === '/__rss' ? rss(res) : void handler(req, res));
}
const server = createServer(listener).listen(0, '127.0.0.1', () => {
  console.log(`PORT ${(server.address() as AddressInfo).port}`);
});
