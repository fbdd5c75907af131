/**
 * A React Router server build as `react-router build` makes one (`future.v8_middleware`), reduced to
 * resource routes: for the conformance and CSRF apps, and the HTTP bench (bench/http-server.ts).
 */
import type { ServerBuild } from 'react-router';

const quiet = (): void => undefined;

/** A route of a React Router server build; `index` for the route at its parent's own path. */
export const routerRoute = (
  id: string,
  parentId: string | undefined,
  path: string | undefined,
  module: object,
  index?: true,
) => ({
  id,
  parentId,
  path,
  index,
  caseSensitive: undefined,
  module,
});

/** A server build as `react-router build` makes one (`future.v8_middleware`), for resource routes only. */
export function routerBuild(routes: Record<string, ReturnType<typeof routerRoute>>): ServerBuild {
  return {
    entry: { module: { default: () => new Response('no documents here', { status: 500 }), handleError: quiet } },
    routes,
    assets: { entry: { module: '', imports: [] }, routes: {}, url: '', version: '1' },
    future: { v8_middleware: true },
    publicPath: '/',
    assetsBuildDirectory: '',
    basename: undefined,
    isSpaMode: false,
    ssr: true,
    prerender: [],
    routeDiscovery: { mode: 'initial', manifestPath: '/__manifest' },
  } as unknown as ServerBuild;
}
