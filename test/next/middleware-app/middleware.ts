/**
 * middleware.ts, the convention before Next.js 16's proxy.ts (still supported, deprecated): the same
 * proxy() wrapper, on the Node.js runtime (../edge-app runs it on the Edge runtime).
 */
import { NextResponse } from 'next/server';
import { session } from './session';

export const middleware = session.proxy(async (_request, s) => {
  s.set('visits', Number(s.get('visits') ?? 0) + 1);
  return NextResponse.next();
});

export const config = { matcher: '/', runtime: 'nodejs' };
