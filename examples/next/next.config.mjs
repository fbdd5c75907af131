import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
export default {
  // Only because this example lives inside the library's repository (one lockfile at its root).
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
};
