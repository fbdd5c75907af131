// A Server Component reads the session (read-only: Server Components cannot set cookies).
import { signIn, signOut } from './actions';
import { session } from '../lib/session';

export default async function Home() {
  const s = await session.read();
  const user = s.get('user');
  return (
    <main>
      <p id="visits">Visits: {s.get('visits') ?? 0}</p>
      {user ? (
        <form action={signOut}>
          <p id="user">Signed in as {user}</p>
          <button>Sign out</button>
        </form>
      ) : (
        <form action={signIn}>
          <input name="user" defaultValue="ada" />
          <button>Sign in</button>
        </form>
      )}
    </main>
  );
}
