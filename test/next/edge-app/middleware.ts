/**
 * middleware.ts on Next.js's Edge runtime (its default for middleware.ts; proxy.ts runs on Node.js only):
 * the same proxy() wrapper, on Web Crypto and the plain-JS zlib codecs, because the Edge runtime has no
 * node: modules and no usable CompressionStream. The note is long enough for the session to compress;
 * `x-dumps` is a `dumps(compress: true)` token, Django's compression level where CompressionStream exists.
 */
import { NextResponse } from 'next/server';
import { adumps } from 'signed-cookie-session/signing';
import { session } from './session';

declare const EdgeRuntime: string | undefined;

export const NOTE = 'written on the Edge runtime, '.repeat(24);

export const middleware = session.proxy(async (_request, s) => {
  s.set('visits', Number(s.get('visits') ?? 0) + 1);
  s.set('note', NOTE);
  const response = NextResponse.next();
  response.headers.set('x-runtime', typeof EdgeRuntime === 'string' ? EdgeRuntime : 'not edge');
  response.headers.set(
    'x-dumps',
    await adumps({ note: NOTE }, { key: process.env['SESSION_SECRET']!, compress: true }),
  );
  return response;
});

// No `runtime`: Edge is middleware.ts's default (Next.js 16 takes 'edge' only as 'experimental-edge').
export const config = { matcher: '/' };
