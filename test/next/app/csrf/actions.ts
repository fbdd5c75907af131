'use server';
/** A Server Action checked by nextCsrf: it redirects to a page naming the note it was given. */
import { redirect } from 'next/navigation';
import { csrf } from '../../lib/csrf';

export const saveNote = csrf.action(async (_state, form: FormData) => {
  redirect(`/csrf/token?saved=${encodeURIComponent(String(form.get('note')))}`);
});
