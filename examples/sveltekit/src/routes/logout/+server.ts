import type { RequestHandler } from '@sveltejs/kit';

export const GET: RequestHandler = ({ locals }) => {
  locals.session.flush();
  return new Response('signed out');
};
