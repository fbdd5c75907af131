/**
 * The CLI as users run it: the built binary (dist/cli/main.js) in a child process, its stdout, stderr
 * and exit code.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { dumps } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const SALT = 'django.contrib.sessions.backends.signed_cookies';

function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const withSecret = { env: { SESSION_SECRET: SECRET } };

describe('signed-cookie-session CLI (the built binary)', () => {
  test('secret prints 64 random bytes as base64url, different each time', () => {
    const a = cli(['secret']);
    const b = cli(['secret', '--json']);
    assert.equal(a.code, 0);
    assert.match(a.out.trim(), /^[A-Za-z0-9_-]{86}$/);
    assert.notEqual(a.out.trim(), (JSON.parse(b.out) as { secret: string }).secret);
  });

  test('sign, then decode (unverified) and verify the same cookie', () => {
    const signed = cli(['sign', '{"user": 42, "name": "José"}'], withSecret);
    assert.equal(signed.code, 0);
    const cookie = signed.out.trim();
    const decoded = cli(['decode', cookie]);
    assert.equal(decoded.code, 0);
    assert.match(decoded.out, /^UNVERIFIED/);
    assert.match(decoded.out, /"name": "José"/);
    const verified = cli(['verify', cookie, '--json'], withSecret);
    assert.equal(verified.code, 0);
    assert.deepEqual((JSON.parse(verified.out) as { data: unknown }).data, { user: 42, name: 'José' });
  });

  test('decode a compressed Django cookie: payload, signing time with age, compression and size', () => {
    const cookie = '.eJyrVqpQslJKHCZAqRYAn1xN-w:1r31eq:HGplkDs3aIYDSdZy4HCmPxhH6MfI7dv5cTx_r_5m228';
    const { out, code } = cli(['decode', cookie, '--json']);
    assert.equal(code, 0);
    const info = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(info['payload'], { x: 'a'.repeat(200) });
    assert.equal(info['verified'], false);
    assert.equal(info['signedAt'], '2023-11-14T22:13:20.000Z');
    assert.ok((info['ageSeconds'] as number) > 0);
    assert.equal(info['compressed'], true);
    assert.equal(info['jsonBytes'], 208);
    assert.equal(info['length'], cookie.length);
    assert.match(cli(['decode', cookie]).out, /signed at: {2}2023-11-14T22:13:20\.000Z \(\d+ days ago\)/);
  });

  test('decode refuses what is not a token, exit 1', () => {
    const { code, out } = cli(['decode', 'not-a-cookie']);
    assert.equal(code, 1);
    assert.match(out, /problem: +expected 3 parts/);
  });

  test('verify: tampered, expired and wrong-secret cookies exit 1 with the reason', () => {
    const good = dumps({ a: 1 }, { key: SECRET, salt: SALT, compress: true });
    const tampered = cli(['verify', `${good.slice(0, -2)}AA`], withSecret);
    assert.equal(tampered.code, 1);
    assert.match(tampered.out, /^refused: bad-signature/);
    const old = dumps({ a: 1 }, { key: SECRET, salt: SALT, now: () => Date.now() - 3_600_000 });
    const expired = cli(['verify', old, '--max-age', '60', '--json'], withSecret);
    assert.equal(expired.code, 1);
    assert.equal((JSON.parse(expired.out) as { reason: string }).reason, 'expired');
    assert.equal(
      cli(['verify', good], { env: { SESSION_SECRET: 'another-secret-0123456789abcdefghijklmnopqrstuv' } }).code,
      1,
    );
  });

  test('verify reads the secret from another variable or from stdin, and fallbacks from variables', () => {
    const good = dumps({ a: 1 }, { key: SECRET, salt: SALT });
    assert.equal(cli(['verify', good, '--secret-env', 'MY_KEY'], { env: { MY_KEY: SECRET } }).code, 0);
    assert.equal(cli(['verify', good, '--secret-stdin'], { input: `${SECRET}\n` }).code, 0);
    const rotated = cli(['verify', good, '--fallback-env', 'OLD', '--json'], {
      env: { SESSION_SECRET: 'the-new-secret-0123456789abcdefghijklmnopqrstuv', OLD: SECRET },
    });
    assert.equal(rotated.code, 0);
    assert.equal((JSON.parse(rotated.out) as { rotated: boolean }).rotated, true);
  });

  test('a secret on the command line is refused (exit 2), and never echoed', () => {
    for (const flag of [`--secret=${SECRET}`, '--secret', '--key=x']) {
      const { code, err, out } = cli(['verify', 'abcdefghij:k:l', flag], withSecret);
      assert.equal(code, 2);
      assert.match(err, /never taken from the command line/);
      assert.ok(!err.includes(SECRET) && !out.includes(SECRET));
    }
  });

  test('no secret configured: exit 2 naming the variable', () => {
    const { code, err } = cli(['sign', '{}']);
    assert.equal(code, 2);
    assert.match(err, /SESSION_SECRET/);
  });

  test('sign refuses JSON that is not an object; a short secret is a configuration error', () => {
    assert.equal(cli(['sign', '[1,2]'], withSecret).code, 2);
    assert.equal(cli(['sign', '{bad'], withSecret).code, 2);
    const short = cli(['sign', '{}'], { env: { SESSION_SECRET: 'short' } });
    assert.equal(short.code, 2);
    assert.match(short.err, /at least 32/);
  });

  test('sign --expiry sets the session expiry that verify enforces', () => {
    const cookie = cli(['sign', '{"a":1}', '--expiry', '120'], withSecret).out.trim();
    assert.equal(cli(['verify', cookie], withSecret).code, 0);
    assert.match(cli(['decode', cookie]).out, /"_session_expiry": 120/);
    const gone = cli(['sign', '{"a":1}', '--expiry=-1'], withSecret).out.trim();
    assert.match(cli(['verify', gone], withSecret).out, /^refused: expired/);
  });

  test('--help for the tool and every command', () => {
    for (const args of [
      ['--help'],
      ['help'],
      ['decode', '--help'],
      ['verify', '--help'],
      ['sign', '--help'],
      ['secret', '--help'],
      ['help', 'verify'],
    ]) {
      const { code, out } = cli(args);
      assert.equal(code, 0, args.join(' '));
      assert.match(out, /^Usage: signed-cookie-session/);
    }
    assert.equal(cli([]).code, 2);
    assert.equal(cli(['frobnicate']).code, 2);
  });

  test('decode and verify take the value, name=value, or a whole Cookie header (--name picks the cookie)', () => {
    const cookie = cli(['sign', '{"user": 42}'], withSecret).out.trim();
    for (const input of [
      cookie,
      `sessionid=${cookie}`,
      `sessionid="${cookie}"`,
      `Cookie: csrftoken=abc; sessionid=${cookie}; theme=dark`,
      `csrftoken=abc;sessionid=${cookie}`,
    ]) {
      const decoded = cli(['decode', input, '--json']);
      assert.equal(decoded.code, 0, input);
      assert.deepEqual((JSON.parse(decoded.out) as { payload: unknown }).payload, { user: 42 }, input);
      assert.equal(cli(['verify', input], withSecret).code, 0, input);
    }
    assert.equal(cli(['decode', `Cookie: a=1; app_session=${cookie}`, '--name', 'app_session']).code, 0);
    const missing = cli(['decode', `a=1; b=${cookie}`]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.err,
      /No cookie named "sessionid" in the input \(it has "a", "b"\): pass the cookie's name with --name/,
    );
    assert.ok(!missing.err.includes(cookie), 'values are never echoed');
    const twice = cli(['verify', `sessionid=${cookie}; sessionid=x${cookie}`], withSecret);
    assert.equal(twice.code, 2);
    assert.match(twice.err, /2 different "sessionid" cookies/);
  });

  test('decode into a pipe that closes early (| head) exits quietly', async () => {
    const big = cli(
      ['sign', JSON.stringify({ data: Array.from({ length: 400 }, (_, i) => `item-${i * 7919}`) })],
      withSecret,
    ).out.trim();
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, [BIN, 'decode', big], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader is gone before the first write: every write is EPIPE
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(err, '', 'no stack trace');
      assert.equal(code, 0);
    }
  });

  test('--version and version print the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const args of [['--version'], ['version']]) {
      const { code, out } = cli(args);
      assert.equal(code, 0);
      assert.equal(out.trim(), version);
    }
  });

  test('#13.8 sign: every input it cannot sign is a clear message and exit 2, never a stack trace', () => {
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    const cases: [string[], RegExp][] = [
      [['sign', '{"a": 1e400}'], /Cannot sign this: .*Infinity/],
      [['sign', '{"__proto__": {"admin": true}}'], /Cannot sign this: .*"__proto__"/],
      [['sign', '{"constructor": {}}'], /Cannot sign this: .*"constructor"/],
      [['sign', deep], /Cannot sign this: .*deeper than 32/],
      [['sign', JSON.stringify({ big: 'x'.repeat(70_000) })], /Cannot sign this: .*65536/],
      [['sign', '{"a": 1}', '--expiry', 'abc'], /--expiry takes a whole number of seconds/],
      [['sign', '{"a": 1}', '--expiry', '1e999'], /--expiry takes a whole number of seconds/],
      [['verify', 'abcdefghij:k:l', '--max-age', 'soon'], /--max-age takes a whole number of seconds/],
    ];
    for (const [args, message] of cases) {
      const { code, err, out } = cli(args, withSecret);
      assert.equal(code, 2, args.join(' ').slice(0, 60));
      assert.match(err, message);
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
      assert.equal(out, '');
    }
  });

  test('#13.8 sign: an integer beyond 2^53 is refused, not signed as a rounded float', () => {
    const { code, err, out } = cli(['sign', '{"id": 9007199254740993}'], withSecret);
    assert.equal(code, 2);
    assert.match(err, /2\^53/);
    assert.equal(out, '');
    const safe = cli(['sign', '{"id": 9007199254740991}'], withSecret).out.trim();
    assert.match(cli(['decode', safe]).out, /"id": 9007199254740991/);
  });

  test('#13.8 decode: a canonical timestamp beyond any date is reported, not thrown', () => {
    const token = 'e30:zzzzzzzz:c2lnbmF0dXJl'; // {} signed "at" 62^8 - 1 seconds after 1970
    const text = cli(['decode', token]);
    assert.equal(text.code, 1);
    assert.match(text.out, /problem: +the timestamp \(218340105584895 s after 1970\) is no possible date/);
    assert.match(text.out, /signed at: +impossible/);
    assert.equal(text.err, '');
    const json = JSON.parse(cli(['decode', token, '--json']).out) as Record<string, unknown>;
    assert.equal(json['signedAt'], null);
    assert.deepEqual(json['payload'], {});
    assert.match(json['problem'] as string, /no possible date/);
  });

  test('#13.9 --secret-env and --fallback-env refuse what is not a variable name, without echoing it', () => {
    const mistakes = [SECRET, `-${SECRET}`, `${SECRET} `, '', '1ABC', 'A-B'];
    for (const flag of ['--secret-env', '--fallback-env']) {
      for (const given of mistakes) {
        for (const args of [
          ['verify', 'abcdefghij:k:l', flag, given],
          ['sign', '{}', `${flag}=${given}`],
        ]) {
          const { code, err, out } = cli(args, withSecret);
          assert.equal(code, 2, `${flag} ${JSON.stringify(given)}`);
          assert.match(err, new RegExp(`${flag} takes the name of an environment variable`));
          if (given) assert.ok(!err.includes(given) && !out.includes(given), 'never echoed');
        }
      }
    }
    // A secret can also look like a name (base64url without "-"): a variable that is not set is not named either.
    const nameLike = 'Kx7_' + 'a1B2'.repeat(16);
    for (const args of [
      ['verify', 'abcdefghij:k:l', '--secret-env', nameLike],
      ['verify', 'abcdefghij:k:l', '--fallback-env', nameLike],
    ]) {
      const { code, err } = cli(args, withSecret);
      assert.equal(code, 2);
      assert.match(err, /the variable named by --(secret|fallback)-env/i);
      assert.ok(!err.includes(nameLike));
    }
    // Neither does an unknown command or an argument node's parser trips over.
    for (const args of [[SECRET], ['secret', SECRET], ['decode', 'x', `--${SECRET}`]]) {
      const { code, err } = cli(args);
      assert.equal(code, 2, args.join(' '));
      assert.ok(!err.includes(SECRET), err);
    }
  });
});
