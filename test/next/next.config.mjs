// The Next.js test app: built once per test run (test/next/server.ts) and served with `next start`.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  // The repository is the workspace: the app imports test/http/scenarios.ts and the built package.
  turbopack: { root },
  outputFileTracingRoot: root,
  // The root tsconfig type-checks the app (npm run typecheck); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Compression would add Accept-Encoding to Vary, which the conformance suite compares exactly.
  compress: false,
};
