/** A Server Component reading the session, with Server Action forms. */
import { failAfterWriting, increment, signIn, signInAndGoHome, signOut } from './actions';
import { session } from '../lib/profiles';

export default async function Home() {
  const s = await session.read();
  return (
    <main>
      <p id="user">{String(s.get('user') ?? 'anonymous')}</p>
      <p id="count">{String(s.get('count') ?? 0)}</p>
      <form action={signIn}>
        <input name="user" defaultValue="ada" />
        <button id="sign-in">Sign in</button>
      </form>
      <form action={increment}>
        <button id="increment">+1</button>
      </form>
      <form action={signInAndGoHome}>
        <input name="user" defaultValue="grace" />
        <button id="sign-in-redirect">Sign in and go home</button>
      </form>
      <form action={signOut}>
        <button id="sign-out">Sign out</button>
      </form>
      <form action={failAfterWriting}>
        <button id="fail">Fail</button>
      </form>
    </main>
  );
}
