import adapter from '@sveltejs/adapter-node';

// The example's page template: this app serves no pages, and SvelteKit wants one.
/** @type {import('@sveltejs/kit').Config} */
export default { kit: { adapter: adapter(), files: { appTemplate: '../../../examples/sveltekit/src/app.html' } } };
