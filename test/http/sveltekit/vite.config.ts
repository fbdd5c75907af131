import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The adapter as users get it: the built package (dist/), bundled into the app by adapter-node.
export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    alias: {
      'signed-cookie-session/sveltekit': fileURLToPath(new URL('../../../dist/adapters/sveltekit.js', import.meta.url)),
      'signed-cookie-session/django': fileURLToPath(new URL('../../../dist/django/index.js', import.meta.url)),
    },
  },
});
