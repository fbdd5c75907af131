/** examples/quickstart.ts, the README's "Without a framework", runs and shows what it says it shows. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { ROOT } from '../package/user-project.js';
import { SECRET } from '../helpers.js';

test('examples/quickstart.ts saves, loads sync and async, and refuses a tampered cookie', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SESSION_SECRET: SECRET },
  });
  assert.match(out, /Loaded \(sync\): +\{"userId":42,"cart":\["SKU-001","SKU-002"\],"_session_expiry":3600\}/);
  assert.match(out, /Loaded \(async\): \{ userId: 42, cart: \[ 'SKU-001', 'SKU-002' \] \}/);
  assert.match(out, /\(cookie refused: bad-signature\)\nTampered cookie loads as: \{\}\n/);
});
