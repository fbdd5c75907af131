import adapter from '@sveltejs/adapter-node';

// The example's page template: this app serves no pages, and SvelteKit wants one. SvelteKit's own origin
// check is off (every origin trusted): the CSRF tests post Django's forms here, which svelteKitCsrf checks.
/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    files: { appTemplate: '../../../examples/sveltekit/src/app.html' },
    csrf: { trustedOrigins: ['*'] },
  },
};
