import { redirect, type RequestHandler } from '@sveltejs/kit';

export const GET: RequestHandler = ({ locals: { session }, url }) => {
  session.cycleKey(); // a new cookie on sign-in, against session fixation
  session.set('user', url.searchParams.get('user') ?? 'guest');
  redirect(302, '/');
};
