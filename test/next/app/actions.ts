'use server';
/** Server Actions on the default profile: each is wrapped with session.action(). */
import { redirect } from 'next/navigation';
import { session } from '../lib/profiles';

export const signIn = session.action(async (s, form: FormData) => {
  s.cycleKey();
  s.set('user', String(form.get('user')));
});

export const increment = session.action(async (s) => {
  s.set('count', Number(s.get('count') ?? 0) + 1);
});

export const signInAndGoHome = session.action(async (s, form: FormData) => {
  s.set('user', String(form.get('user')));
  redirect('/');
});

export const signOut = session.action(async (s) => s.flush());

export const failAfterWriting = session.action(async (s) => {
  s.set('user', 'mallory');
  throw new Error('the action failed');
});
