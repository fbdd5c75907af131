/** The examples' secret: SESSION_SECRET, or a random one for this run (sessions then end with the process). */
import { generateSecret } from 'signed-cookie-session';

export function exampleSecret(): string {
  const secret = process.env['SESSION_SECRET'];
  if (secret) return secret;
  console.warn('SESSION_SECRET is not set: using a random secret for this run.');
  return generateSecret();
}

/** True when the module is the script node was started with (run directly, not imported by a test). */
export const isMain = (url: string): boolean =>
  process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/\\/g, '/'));
