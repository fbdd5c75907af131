import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { svelteKitCsrf } from 'signed-cookie-session/django';
import { session } from 'signed-cookie-session/sveltekit';
import { APP_HEADER, conformanceApps } from './conformance.js';

const handles = new Map<string, Handle>();

export const handle: Handle = (input) => {
  const id = input.event.request.headers.get(APP_HEADER) ?? '';
  let hook = handles.get(id);
  if (!hook) {
    const app = conformanceApps().get(id);
    if (!app) return new Response(`no conformance app ${JSON.stringify(id)}`, { status: 500 });
    hook = app.csrf ? sequence(session(app.options), svelteKitCsrf(app.csrf)) : session(app.options);
    handles.set(id, hook);
  }
  return hook(input);
};

// The suite's throwing handler is expected: SvelteKit still answers 500, without logging it.
export const handleError: HandleServerError = () => ({ message: 'error' });
