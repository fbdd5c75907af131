/** A Server Component rendering a Server Action form with a token over the csrftoken cookie the browser holds. */
import { csrf } from '../../../lib/csrf';
import { saveNote } from '../actions';

export default async function NoteForm() {
  const token = await csrf.token();
  return (
    <form action={saveNote}>
      <input type="hidden" name="csrfmiddlewaretoken" value={token} />
      <input name="note" defaultValue="from the page" />
      <button id="save">Save</button>
    </form>
  );
}
