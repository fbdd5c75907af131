// proxy.ts (middleware.ts before Next.js 16): counts page views. The page rendered after it reads the new count.
import { NextResponse } from 'next/server';
import { session } from './lib/session';

export const proxy = session.proxy(async (_request, s) => {
  s.set('visits', (s.get('visits') ?? 0) + 1);
  return NextResponse.next();
});

export const config = { matcher: '/' };
