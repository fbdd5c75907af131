/** Rendered after proxy.ts counted the visit: the count it wrote is already in read(). */
import { session } from '../../lib/profiles';

export default async function Proxied() {
  const s = await session.read();
  return <p id="visits">{String(s.get('visits') ?? 0)}</p>;
}
