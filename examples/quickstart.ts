/**
 * The session store without a framework (the README's "Without a framework"): `npx tsx examples/quickstart.ts`.
 * Create a session, save it into a signed cookie value, load it back (sync and async), show what a
 * tampered cookie does.
 */
import { randomBytes } from 'node:crypto';
import { SessionSettings, SessionStore } from 'signed-cookie-session';
import { loads } from 'signed-cookie-session/signing';

interface AppSession {
  userId: number;
  cart: string[];
}

const secret = process.env['SESSION_SECRET'] ?? randomBytes(32).toString('base64url');
if (!process.env['SESSION_SECRET']) console.log('No SESSION_SECRET set: using a random one for this run.\n');

const settings = new SessionSettings({
  secret,
  onInvalid: (reason) => console.log(`  (cookie refused: ${reason})`),
});

// A new session: set data, save. The session key is the cookie value.
const session = new SessionStore<AppSession>(null, settings);
session.set('userId', 42);
session.set('cart', ['SKU-001', 'SKU-002']);
session.setExpiry(3600);
session.save();
const cookie = session.sessionKey!;
console.log(`Saved session → cookie value (${cookie.length} bytes):\n  ${cookie}\n`);

// The next request: load it from the cookie value.
const loaded = new SessionStore<AppSession>(cookie, settings);
console.log('Loaded (sync): ', JSON.stringify(loaded.toJSON()));
console.log('Expires in:    ', loaded.getExpiryAge(), 'seconds');

const asyncLoaded = new SessionStore<AppSession>(cookie, settings);
console.log('Loaded (async):', { userId: await asyncLoaded.aget('userId'), cart: await asyncLoaded.aget('cart') });

// Anyone can read the data (it is signed, not encrypted)...
console.log('\nDecoded without the secret:', Buffer.from(cookie.split(':')[0]!, 'base64url').toString());
// ...but nobody can change it without the secret.
const tampered = cookie.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'));
const forged = new SessionStore<AppSession>(tampered, settings);
console.log('Tampered cookie loads as:', JSON.stringify(forged.toJSON()));
console.log('Same value through signing.loads:', loads(cookie, { key: secret, salt: settings.salt }));
