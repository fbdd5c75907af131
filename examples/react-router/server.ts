/**
 * React Router: `npx tsx examples/react-router/server.ts`, then open http://localhost:3000. The server
 * build is written by hand here (resource routes only) where `react-router build` would make it.
 */
import { serve } from '@hono/node-server';
import { createRequestHandler, type ServerBuild } from 'react-router';
import { exampleSecret, isMain } from '../secret.js';
import { routes } from './routes.js';
import { createSessions } from './sessions.server.js';

export function createHandler(secret: string): (request: Request) => Promise<Response> {
  const loaders = routes(createSessions(secret));
  const route = (id: string, path: string | undefined, module: object, parentId?: string) => ({
    id,
    path,
    parentId,
    module,
  });
  const build = {
    entry: { module: { default: () => new Response('not found', { status: 404 }) } },
    routes: {
      root: route('root', '', { default: () => null }),
      home: { ...route('home', undefined, { loader: loaders.home }, 'root'), index: true },
      login: route('login', 'login', { loader: loaders.login }, 'root'),
      message: route('message', 'message', { loader: loaders.message }, 'root'),
      logout: route('logout', 'logout', { loader: loaders.logout }, 'root'),
    },
    assets: { entry: { module: '', imports: [] }, routes: {}, url: '', version: '1' },
    future: {},
    publicPath: '/',
    assetsBuildDirectory: '',
    isSpaMode: false,
    ssr: true,
    prerender: [],
    routeDiscovery: { mode: 'initial', manifestPath: '/__manifest' },
  } as unknown as ServerBuild;
  const handler = createRequestHandler(build, 'production');
  return (request) => handler(request);
}

if (isMain(import.meta.url)) {
  serve({ fetch: createHandler(exampleSecret()), port: 3000 }, () =>
    console.log('React Router example on http://localhost:3000'),
  );
}
