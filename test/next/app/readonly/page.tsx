/** A Server Component that tries to write: the session refuses, saying where writes work. */
import { session } from '../../lib/profiles';

export default async function ReadOnly() {
  const s = await session.read();
  let refusal = 'none';
  try {
    s.set('user', 'eve');
  } catch (error) {
    refusal = `${(error as Error).name}: ${(error as Error).message}`;
  }
  return <p id="refusal">{refusal}</p>;
}
