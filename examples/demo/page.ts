/** The demo's one HTML page: plain server-rendered HTML, every dynamic string escaped. */
import type { RefusalReason } from 'signed-cookie-session';
import type { CliRun, SeenCookie } from './browser-history.js';
import { SERVER_CODE } from './code-regions.js';
import { isoDate, tokenParts } from './explain.js';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageState {
  user: string | undefined;
  counter: number;
  cart: string[];
  expiry: string;
  refused: { reason: RefusalReason; detail: string | undefined; words: string } | undefined;
  notice: string | undefined;
  cookie: string | undefined;
  /** Session cookies this browser sent before the current one, newest first. */
  older: SeenCookie[];
  cli: CliRun | undefined;
  now: number;
  generatedSecret: boolean;
}

/** The library code behind a control, from server.ts's `#region`s, folded. */
function code(...regions: string[]): string {
  const text = regions.map((r) => SERVER_CODE.get(r) ?? `(no region ${r} in server.ts)`).join('\n\n');
  return `<details class="code" data-code="${regions.join(' ')}"><summary>Code this runs</summary><pre><span class="note">// s = req.session, from withSession() of 'signed-cookie-session/node'</span>\n${escape(text)}</pre></details>`;
}

function cookieSection(s: PageState): string {
  if (!s.cookie) return '<p class="note">No session cookie yet: it is set when the session first changes.</p>';
  const size = `sessionid=${s.cookie}`.length + 60; // name, value and about 60 bytes of attributes
  const percent = Math.min(100, Math.round((size / 4096) * 100));
  const parts = tokenParts(s.cookie);
  const [payload = '', timestamp = '', signature = '', ...extra] = parts.raw;
  const signedAt = isoDate(parts.inspected.timestamp);
  const age = signedAt ? ` (${Math.floor(s.now / 1000) - parts.inspected.timestamp!} s ago)` : '';
  return `<div class="bar" title="${size} of 4096 bytes"><div style="width:${percent}%;${percent > 90 ? 'background:#d9534f' : ''}"></div></div>
<p><span id="size">${size}</span> of 4096 bytes (the most a browser keeps)${parts.inspected.compressed ? `; zlib-compressed from ${parts.inspected.jsonBytes} bytes of JSON` : ''}.
Signed at ${signedAt ? `${signedAt}${age}` : 'no possible date'}.</p>
<p class="note">Decoded without the secret: anyone holding the cookie can read this. Signed, not encrypted.</p>
<pre id="raw" class="token"><span class="p-payload">${escape(payload)}</span>${parts.raw.length > 1 ? `<span class="sep">:</span><span class="p-timestamp">${escape(timestamp)}</span>` : ''}${parts.raw.length > 2 ? `<span class="sep">:</span><span class="p-signature">${escape(signature)}</span>` : ''}${extra.length ? `<span class="sep">:</span>${escape(extra.join(':'))}` : ''}</pre>
<div class="parts" id="parts">
<div class="part"><h3><span class="swatch p-payload"></span>1 · payload</h3><p class="note">${parts.inspected.compressed ? 'A "." then base64url of zlib-compressed JSON' : 'base64url of the JSON'}, exactly as Django writes it.</p><pre id="decoded">${escape(parts.payload)}</pre></div>
<div class="part"><h3><span class="swatch p-timestamp"></span>2 · timestamp</h3><p class="note">When it was signed, in base 62.</p><p id="part-timestamp"><code>${escape(timestamp)}</code> = ${escape(parts.timestamp)}</p></div>
<div class="part"><h3><span class="swatch p-signature"></span>3 · signature</h3><p id="part-signature">${escape(parts.signature)}</p></div>
</div>
<form method="post" action="/tamper"><button>Tamper with the cookie</button></form>
<p class="note">Tampering rewrites the readable data to <code>"user": "admin"</code> and keeps the old signature, as an attacker would.</p>
${code('read')}
<h3>Check it from the command line</h3>
<form method="post" action="/cli"><button>Verify with the CLI</button></form>
${s.cli ? `<pre id="cli" class="terminal"><span class="prompt">$ </span>${escape(s.cli.command)}\n${escape(s.cli.output)}\n<span class="note">exit code ${s.cli.exitCode}${s.cli.exitCode === 0 ? ' (valid)' : s.cli.exitCode === 1 ? ' (refused)' : ''}</span></pre>` : `<p class="note">Runs <code>npx signed-cookie-session verify 'sessionid=…'</code> on this cookie, with the server's secret in <code>SESSION_SECRET</code>; <code>decode</code> needs no secret.</p>`}`;
}

function olderSection(s: PageState): string {
  if (s.older.length === 0)
    return '<p class="note">Every cookie your browser sends is kept here (on the demo server only), so you can put an older one back. Change something to get a new cookie.</p>';
  const rows = s.older
    .map((c, i) => {
      const info = tokenParts(c.value);
      const payload = info.inspected.payload as Record<string, unknown> | undefined;
      const own =
        typeof payload?.['_session_expiry'] === 'number' ? `, own expiry ${payload['_session_expiry']} s` : '';
      const summary = payload
        ? `counter ${String(payload['counter'] ?? 0)}${payload['user'] ? `, ${String(payload['user'])}` : ''}${own}`
        : 'does not decode';
      return `<li><form method="post" action="/replay"><input type="hidden" name="cookie" value="${c.id}"><button data-replay="${i}">Replay</button></form>
sent ${Math.round((s.now - c.seenAt) / 1000)} s ago: <span class="note">${escape(summary)}</span></li>`;
    })
    .join('\n');
  return `<ul id="older">${rows}</ul>
<p class="note">A copied cookie stays valid until it expires, even after you change or sign out: signing gives no freshness. Set "Expire in 10 s", wait, and replay: the browser has dropped the cookie by then, but the server would refuse the copy anyway, from its signed timestamp.</p>`;
}

export function page(s: PageState): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>signed-cookie-session demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 800px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  section { border: 1px solid #ddd; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin-top: 0; } h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
  form { display: inline-block; margin: .25rem .5rem .25rem 0; }
  button { font: inherit; padding: .3rem .8rem; border-radius: 6px; border: 1px solid #888; background: #f6f6f6; cursor: pointer; }
  input { font: inherit; padding: .25rem .5rem; max-width: 100%; }
  .refused { background: #fdecea; border-color: #e0a39c; }
  .notice { background: #eef5fd; border-color: #9cbfe0; }
  .note { color: #666; font-size: .9rem; }
  pre { background: #f6f6f6; padding: .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: .85rem; }
  .terminal { background: #1e1e1e; color: #e8e8e8; } .terminal .note, .prompt { color: #9a9a9a; }
  .bar { height: 10px; background: #eee; border-radius: 5px; overflow: hidden; }
  .bar > div { height: 100%; background: #4a90d9; }
  .p-payload { color: #1f6fb2; } .p-timestamp { color: #b26b00; } .p-signature { color: #7b3fa0; } .sep { color: #999; }
  .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 3px; margin-right: .4rem; vertical-align: -1px; }
  .swatch.p-payload { background: #1f6fb2; } .swatch.p-timestamp { background: #b26b00; } .swatch.p-signature { background: #7b3fa0; }
  .parts { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: .75rem; }
  .part { border-top: 3px solid #eee; } .part p { margin: .25rem 0; overflow-wrap: anywhere; }
  details.code pre { word-break: normal; overflow-wrap: anywhere; }
  details.code summary { cursor: pointer; color: #1f6fb2; font-size: .9rem; margin-top: .5rem; }
  ul#older { padding-left: 1rem; }
  @media (max-width: 640px) { .parts { grid-template-columns: 1fr; } body { margin: 1rem auto; } section { padding: .75rem; } }
</style></head>
<body>
<h1>signed-cookie-session demo</h1>
<p class="note">The whole session lives in the <code>sessionid</code> cookie, signed with HMAC-SHA256 exactly as Django signs it.${s.generatedSecret ? ' No SESSION_SECRET was set, so this server generated a secret: sessions end when it stops.' : ''}</p>
${s.notice ? `<section class="notice" id="notice">${escape(s.notice)}${s.refused ? '' : ' <strong>The server accepted it:</strong> it is genuine and not yet expired, so your session went back to what it was then.'}</section>` : ''}
${s.refused ? `<section class="refused" id="refused"><strong>Your cookie was refused (${escape(s.refused.reason)}).</strong> <span id="refused-why">${escape(s.refused.words)}</span>${s.refused.detail ? `<br><span class="note">The library said: ${escape(s.refused.detail)}</span>` : ''}</section>` : ''}
<section id="account"><h2>Account</h2>
${
  s.user
    ? `<p id="status">Signed in as <strong>${escape(s.user)}</strong></p><form method="post" action="/logout"><button>Sign out</button></form>${code('logout')}`
    : `<p id="status">Not signed in</p>
<form method="post" action="/login"><input name="name" id="name" placeholder="Your name" required maxlength="40"> <button>Sign in</button></form>
<p class="note">Signing in cycles the session (a new signed cookie), as Django's login does.</p>${code('login')}`
}
</section>
<section id="counter-section"><h2>Counter</h2><p>Counter: <strong id="counter">${s.counter}</strong></p><form method="post" action="/count"><button>Count</button></form>${code('count')}</section>
<section><h2>Cart</h2>
<ul id="cart">${s.cart.map((item) => `<li>${escape(item)}</li>`).join('') || '<li class="note">empty</li>'}</ul>
<form method="post" action="/cart/add"><input name="item" placeholder="An item" required maxlength="60"> <button>Add</button></form>
<form method="post" action="/cart/clear"><button>Empty the cart</button></form>${code('cart')}
</section>
<section id="expiry-section"><h2>Expiry</h2><p>This session: <strong id="expiry">${escape(s.expiry)}</strong></p>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value="10"><button>Expire in 10 s</button></form>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value="60"><button>Expire in 60 s</button></form>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value="0"><button>When the browser closes</button></form>
<form method="post" action="/expiry"><input type="hidden" name="seconds" value=""><button>Default (two weeks)</button></form>
<p class="note">Enforced on the server from the signed timestamp, not only by the browser.</p>${code('expiry')}
</section>
<section id="cookie"><h2>The cookie your browser sent</h2>
${cookieSection(s)}
</section>
<section id="older-section"><h2>Older cookies</h2>
${olderSection(s)}
</section>
</body></html>`;
}
