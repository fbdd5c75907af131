'use server';
// Server Actions write the session; the wrapper commits it when the action returns or redirects.
import { redirect } from 'next/navigation';
import { session } from '../lib/session';

export const signIn = session.action(async (s, form: FormData) => {
  s.cycleKey(); // a fresh cookie on sign-in, against session fixation
  s.set('user', String(form.get('user')));
  redirect('/');
});

export const signOut = session.action(async (s) => {
  s.flush(); // deletes the cookie
  redirect('/');
});
