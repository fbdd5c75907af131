/**
 * NestJS on our Express adapter (Nest's default platform) or on our Fastify plugin: the session is
 * `req.session`, and a three-line `@Session()` parameter decorator, written with Nest's own
 * `createParamDecorator`, hands it to a route typed. (The package ships no Nest code, so it needs no Nest.)
 * `npx tsx examples/nest.ts`, then open http://localhost:3000.
 */
import 'reflect-metadata';
import { Controller, createParamDecorator, type ExecutionContext, Get, Module, Query, Redirect } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SessionStore } from 'signed-cookie-session';
import { session as expressSession } from 'signed-cookie-session/express';
import { session as fastifySession } from 'signed-cookie-session/fastify';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

/** `@Session() session: SessionStore<Visit>`: the request's session, on either platform. */
export const Session = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<{ session: SessionStore }>().session,
);

@Controller()
class VisitsController {
  @Get('login')
  @Redirect('/', 302)
  login(@Session() session: SessionStore<Visit>, @Query('user') user?: string): void {
    session.cycleKey(); // a new cookie on sign-in, against session fixation
    session.set('user', user ?? 'guest');
  }

  @Get('logout')
  logout(@Session() session: SessionStore<Visit>): string {
    session.flush();
    return 'signed out';
  }

  @Get()
  home(@Session() session: SessionStore<Visit>): { visits: number; user: string | null } {
    session.set('visits', session.get('visits', 0) + 1);
    return { visits: session.get('visits', 0), user: session.get('user') ?? null };
  }
}

@Module({ controllers: [VisitsController] })
class AppModule {}

/** The Nest app on Express (`'express'`, Nest's default) or Fastify, initialised, not yet listening. */
export async function createApp(secret: string, platform: 'express' | 'fastify' = 'express') {
  const options = { secret, secure: false }; // secure: false only for plain http://localhost
  if (platform === 'fastify') {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    await app.register(fastifySession, options);
    return app;
  }
  const app = await NestFactory.create(AppModule, { logger: false });
  app.use(expressSession(options));
  return app;
}

if (isMain(import.meta.url)) {
  const app = await createApp(exampleSecret());
  await app.listen(3000);
  console.log('NestJS example on http://localhost:3000');
}
