import { json, type RequestHandler } from '@sveltejs/kit';

export const GET: RequestHandler = ({ locals: { session } }) => {
  session.set('visits', session.get('visits', 0) + 1);
  return json({ visits: session.get('visits'), user: session.get('user') ?? null });
};
