/** The demo's one HTML page: plain server-rendered HTML, every dynamic string escaped. */
import type { InspectedToken } from 'signed-cookie-session/signing';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageState {
  user: string | undefined;
  counter: number;
  cart: string[];
  expiry: string;
  refused: string | undefined;
  cookie: string | undefined;
  inspected: InspectedToken | undefined;
  generatedSecret: boolean;
}

export function page(s: PageState): string {
  const size = s.cookie ? `sessionid=${s.cookie}`.length + 60 : 0; // name, value and about 60 bytes of attributes
  const percent = Math.min(100, Math.round((size / 4096) * 100));
  const ageSeconds = s.inspected?.timestamp === undefined ? undefined : Math.floor(Date.now() / 1000) - s.inspected.timestamp;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>signed-cookie-session demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 760px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  section { border: 1px solid #ddd; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin-top: 0; }
  form { display: inline-block; margin: .25rem .5rem .25rem 0; }
  button { font: inherit; padding: .3rem .8rem; border-radius: 6px; border: 1px solid #888; background: #f6f6f6; cursor: pointer; }
  input { font: inherit; padding: .25rem .5rem; }
  .refused { background: #fdecea; border-color: #e0a39c; }
  .note { color: #666; font-size: .9rem; }
  pre { background: #f6f6f6; padding: .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  .bar { height: 10px; background: #eee; border-radius: 5px; overflow: hidden; }
  .bar > div { height: 100%; background: ${percent > 90 ? '#d9534f' : '#4a90d9'}; width: ${percent}%; }
</style></head>
<body>
<h1>signed-cookie-session demo</h1>
<p class="note">The whole session lives in the <code>sessionid</code> cookie, signed with HMAC-SHA256 exactly as Django signs it.${s.generatedSecret ? ' No SESSION_SECRET was set, so this server generated a secret: sessions end when it stops.' : ''}</p>
${s.refused ? `<section class="refused" id="refused"><strong>Your cookie was refused (${escape(s.refused)}).</strong> Its data was changed without the secret, so its signature no longer matches: the server started an empty session and you are signed out.</section>` : ''}
<section id="account"><h2>Account</h2>
${s.user ? `<p id="status">Signed in as <strong>${escape(s.user)}</strong></p><form method="post" action="/logout"><button>Sign out</button></form>` : `<p id="status">Not signed in</p>
<form method="post" action="/login"><input name="name" id="name" placeholder="Your name" required maxlength="40"> <button>Sign in</button></form>
<p class="note">Signing in cycles the session (a new signed cookie), as Django's login does.</p>`}
</section>
<section id="counter-section"><h2>Counter</h2><p>Counter: <strong id="counter">${s.counter}</strong></p><form method="post" action="/count"><button>Count</button></form></section>
<section><h2>Cart</h2>
<ul id="cart">${s.cart.map((item) => `<li>${escape(item)}</li>`).join('') || '<li class="note">empty</li>'}</ul>
<form method="post" action="/cart/add"><input name="item" placeholder="An item" required maxlength="60"> <button>Add</button></form>
<form method="post" action="/cart/clear"><button>Empty the cart</button></form>
</section>
<section><h2>Expiry</h2><p>This session: <strong id="expiry">${escape(s.expiry)}</strong></p>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value="60"><button>Expire in 60 s</button></form>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value="0"><button>When the browser closes</button></form>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value=""><button>Default (two weeks)</button></form>
<p class="note">Enforced on the server from the signed timestamp, not only by the browser.</p>
</section>
<section id="cookie"><h2>The cookie your browser sent</h2>
${s.cookie && s.inspected ? `<div class="bar" title="${size} of 4096 bytes"><div></div></div>
<p><span id="size">${size}</span> of 4096 bytes (the most a browser keeps)${s.inspected.compressed ? `; zlib-compressed from ${s.inspected.jsonBytes} bytes of JSON` : ''}.</p>
<p>Signed at ${s.inspected.timestamp === undefined ? 'an unreadable time' : `${new Date(s.inspected.timestamp * 1000).toISOString()} (${ageSeconds} s ago)`}.</p>
<p class="note">Decoded without the secret: anyone can read this. Signed, not encrypted.</p>
<pre id="decoded">${escape(JSON.stringify(s.inspected.payload ?? s.inspected.problem, null, 2))}</pre>
<pre id="raw">${escape(s.cookie)}</pre>
<form method="post" action="/tamper"><button>Tamper with the cookie</button></form>
<p class="note">Tampering rewrites the readable data to <code>"user": "admin"</code> and keeps the old signature, as an attacker would.</p>` : '<p class="note">No session cookie yet: it is set when the session first changes.</p>'}
</section>
</body></html>`;
}
