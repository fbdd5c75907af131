import { session } from '../session';

export default async function Home() {
  const s = await session.read();
  return <p id="visits">{String(s.get('visits') ?? 0)}</p>;
}
