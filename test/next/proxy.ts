/** Counts visits to /proxied in the proxy; the page rendered after it reads the new count. */
import { NextResponse } from 'next/server';
import { session } from './lib/profiles';

export const proxy = session.proxy(async (_request, s) => {
  s.set('visits', Number(s.get('visits') ?? 0) + 1);
  return NextResponse.next();
});

export const config = { matcher: '/proxied/:path*' };
