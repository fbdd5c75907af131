import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // Only because this example lives inside the package: in an app, the installed package resolves itself.
  resolve: {
    alias: {
      'signed-cookie-session/sveltekit': fileURLToPath(new URL('../../dist/adapters/sveltekit.js', import.meta.url)),
    },
  },
});
