#!/usr/bin/env node
/**
 * `signed-cookie-session`: inspect, verify and make Django-compatible signed session cookies.
 * Exit codes: 0 success, 1 the cookie was refused, 2 a usage or configuration error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SESSION_SALT, DEFAULT_MAX_AGE, SessionStore, generateSecret } from '../index.js';
import { inspectToken } from '../signing/inspect.js';
import { ConfigError, TokenError } from '../signing/errors.js';
import { parseJson } from '../signing/json.js';
import { cookieValue } from './cookie-input.js';
import {
  readSecrets,
  refuseBadVariableNames,
  refuseSecretArguments,
  type SecretFlags,
  UsageError,
} from './secret-source.js';

const SECRET_HELP = `Secret:
  --secret-env NAME    read the secret from the variable NAME (default: SESSION_SECRET)
  --secret-stdin       read the secret from standard input
  --fallback-env NAME  an old secret still accepted (repeatable), from the variable NAME
  Secrets are never taken from the command line.`;

const HELP: Record<string, string> = {
  main: `Usage: signed-cookie-session <command> [options]

Inspect, verify and make Django-compatible signed session cookies (sessionid).

Commands:
  decode <cookie>   show what a cookie holds, without a secret (unverified)
  verify <cookie>   check a cookie with the secret; exit 0 if valid, 1 with the reason if not
  sign <json>       make a cookie holding a JSON object
  secret            print a new strong secret (64 random bytes, base64url)

<cookie> is the value alone, name=value, or a whole Cookie: header (the cookie named by --name,
default sessionid). Every command takes --json (machine-readable output) and --help; --version prints
the version. Exit codes: 0 success, 1 refused, 2 usage error.`,
  decode: `Usage: signed-cookie-session decode <cookie> [--name NAME] [--json]

Shows the payload, signing time (ISO and age), compression and size of a cookie value, without a secret.
NOTHING IS VERIFIED: anyone can make a cookie that decodes to anything.
  <cookie>             the value, name=value, or a whole "Cookie: a=1; sessionid=..." header
  --name NAME          the session cookie's name in name=value or a header (default: sessionid)`,
  verify: `Usage: signed-cookie-session verify <cookie> [--name NAME] [--salt SALT] [--max-age SECONDS] [--legacy-sha1] [--json]

Checks a cookie as a session store would: signature (secret, then fallbacks), age, per-session expiry and
payload. Exit 0 and print the data if valid; exit 1 and print the reason if refused.
  <cookie>             the value, name=value, or a whole "Cookie: a=1; sessionid=..." header
  --name NAME          the session cookie's name in name=value or a header (default: sessionid)
  --salt SALT          signing salt (default: Django's session salt)
  --max-age SECONDS    SESSION_COOKIE_AGE (default: ${DEFAULT_MAX_AGE})
  --legacy-sha1        also accept sha1 signatures (Django <= 3.2 with DEFAULT_HASHING_ALGORITHM='sha1')

${SECRET_HELP}`,
  sign: `Usage: signed-cookie-session sign <json> [--salt SALT] [--expiry SECONDS] [--json]

Makes a cookie value holding the JSON object, signed now, compressed when that is shorter (as Django).
  --salt SALT          signing salt (default: Django's session salt)
  --expiry SECONDS     the session's own expiry (set_expiry); 0 = when the browser closes

${SECRET_HELP}`,
  secret: `Usage: signed-cookie-session secret [--json]

Prints a new secret: 64 random bytes from the system's CSPRNG, base64url-encoded (86 characters).`,
};

const NAME_OPTION = { name: { type: 'string', default: 'sessionid' } } as const;

/** The latest date a JavaScript Date holds, in seconds: a later timestamp names no moment at all. */
const LAST_DATE_SECONDS = 8.64e12;

/** A number of seconds from an option, or a UsageError naming the option. */
function seconds(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${option} takes a whole number of seconds, e.g. ${option} 3600.`);
  return Number(value);
}

const SECRET_OPTIONS = {
  'secret-env': { type: 'string' },
  'secret-stdin': { type: 'boolean' },
  'fallback-env': { type: 'string', multiple: true },
} as const;

function age(seconds: number): string {
  const abs = Math.abs(seconds);
  const [n, unit] =
    abs < 120
      ? [abs, 'second']
      : abs < 7200
        ? [abs / 60, 'minute']
        : abs < 172_800
          ? [abs / 3600, 'hour']
          : [abs / 86_400, 'day'];
  const whole = Math.floor(n);
  const text = `${whole} ${unit}${whole === 1 ? '' : 's'}`;
  return seconds >= 0 ? `${text} ago` : `${text} in the future`;
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => number;
}

function decode(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { ...NAME_OPTION, json: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) return (void io.out(HELP['decode']!), 0);
  const [input] = positionals;
  if (!input) throw new UsageError('decode needs a cookie value.');
  const info = inspectToken(cookieValue(input, values.name));
  // A canonical timestamp can still lie beyond the last date JavaScript (or Python) can represent.
  const possible = info.timestamp !== undefined && info.timestamp <= LAST_DATE_SECONDS;
  const signedAt = possible ? new Date(info.timestamp! * 1000).toISOString() : undefined;
  const ageSeconds = possible ? Math.floor(io.now() / 1000) - info.timestamp! : undefined;
  const problem =
    info.problem ??
    (info.timestamp !== undefined && !possible
      ? `the timestamp (${info.timestamp} s after 1970) is no possible date`
      : undefined);
  if (values.json) {
    io.out(
      JSON.stringify({
        verified: false,
        payload: info.payload ?? null,
        signedAt: signedAt ?? null,
        ageSeconds: ageSeconds ?? null,
        compressed: info.compressed,
        length: info.length,
        jsonBytes: info.jsonBytes ?? null,
        problem: problem ?? null,
      }),
    );
    return problem ? 1 : 0;
  }
  io.out('UNVERIFIED: decoded without a secret; anyone can make a cookie that decodes to this.');
  if (problem) io.out(`problem:    ${problem}`);
  if (info.payload !== undefined)
    io.out(`payload:    ${JSON.stringify(info.payload, null, 2).replace(/\n/g, '\n            ')}`);
  io.out(
    `signed at:  ${signedAt ? `${signedAt} (${age(ageSeconds!)})` : info.timestamp === undefined ? 'unreadable' : 'impossible'}`,
  );
  io.out(
    `compressed: ${info.compressed ? `yes (${info.jsonBytes ?? '?'} bytes of JSON in ${info.length} characters)` : 'no'}`,
  );
  io.out(`size:       ${info.length} characters; a browser keeps at most 4096 bytes of name, value and attributes`);
  return problem ? 1 : 0;
}

function verify(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...SECRET_OPTIONS,
      ...NAME_OPTION,
      salt: { type: 'string' },
      'max-age': { type: 'string' },
      'legacy-sha1': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) return (void io.out(HELP['verify']!), 0);
  const [input] = positionals;
  if (!input) throw new UsageError('verify needs a cookie value.');
  const cookie = cookieValue(input, values.name);
  const maxAge = seconds('--max-age', values['max-age']);
  const { secret, fallbackSecrets } = readSecrets(values as SecretFlags, io.env);
  let detail: string | undefined;
  const store = new SessionStore(cookie, {
    secret,
    fallbackSecrets,
    salt: values.salt ?? SESSION_SALT,
    maxAge,
    legacyAlgorithms: values['legacy-sha1'] ? ['sha1'] : [],
    now: io.now,
    onWarning: () => undefined,
    onInvalid: (_reason, error) => (detail = error.message),
  });
  const data = Object.fromEntries(store.items());
  // A value under 8 characters is no session key at all (Django): nothing to verify.
  const reason = store.sessionKey === null ? 'malformed' : store.invalidReason;
  if (store.sessionKey === null) detail = 'the value is shorter than 8 characters';
  if (values.json) {
    io.out(
      JSON.stringify(
        reason
          ? { valid: false, reason, detail }
          : {
              valid: true,
              data,
              signedAt: new Date(store.signedAt! * 1000).toISOString(),
              rotated: store.needsReissue,
            },
      ),
    );
  } else if (reason) {
    io.out(`refused: ${reason}${detail ? ` (${detail})` : ''}`);
  } else {
    io.out(
      `valid: signed at ${new Date(store.signedAt! * 1000).toISOString()}${store.needsReissue ? ' with a fallback secret or legacy algorithm' : ''}`,
    );
    io.out(JSON.stringify(data, null, 2));
  }
  return reason ? 1 : 0;
}

function sign(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...SECRET_OPTIONS,
      salt: { type: 'string' },
      expiry: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) return (void io.out(HELP['sign']!), 0);
  const [text] = positionals;
  if (text === undefined) throw new UsageError('sign needs a JSON object, e.g. \'{"user": 42}\'.');
  let data: unknown;
  try {
    JSON.parse(text);
  } catch {
    throw new UsageError('The argument is not valid JSON.');
  }
  const expiry = seconds('--expiry', values.expiry);
  const { secret, fallbackSecrets } = readSecrets(values as SecretFlags, io.env);
  const store = new SessionStore(null, {
    secret,
    fallbackSecrets,
    salt: values.salt ?? SESSION_SALT,
    now: io.now,
    onWarning: (w) => io.err(`warning: ${w}`),
  });
  try {
    // The library's own reader, so what it would refuse to load (an integer beyond 2^53 that JSON.parse
    // would round, a forbidden key, too deep) is refused here instead of signed changed.
    data = parseJson(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new UsageError('A session is a JSON object, e.g. \'{"user": 42}\'.');
    store.update(data as Record<string, never>);
    if (expiry !== undefined) store.setExpiry(expiry);
    store.save();
  } catch (error) {
    if (error instanceof TokenError || error instanceof TypeError || error instanceof RangeError)
      throw new UsageError(`Cannot sign this: ${error.message}`);
    throw error;
  }
  io.out(
    values.json ? JSON.stringify({ cookie: store.sessionKey, length: store.sessionKey!.length }) : store.sessionKey!,
  );
  return 0;
}

function secret(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) return (void io.out(HELP['secret']!), 0);
  const value = generateSecret();
  io.out(values.json ? JSON.stringify({ secret: value }) : value);
  return 0;
}

function version(_args: string[], io: Io): number {
  // dist/cli/main.js (and src/cli/main.ts) sit two levels below the package root.
  const { version: number } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  io.out(number);
  return 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => number> = {
  decode,
  verify,
  sign,
  secret,
  version,
  '--version': version,
};

/** Node's argument-parser messages quote what they were given: never let them print an argument. */
function redact(message: string, argv: readonly string[]): string {
  let out = message;
  for (const arg of argv) if (!/^--?[a-z][a-z0-9-]*$/.test(arg) && arg.length > 0) out = out.split(arg).join('…');
  return out;
}

/** Runs the CLI; returns the exit code. */
export function run(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP[rest[0] ?? 'main'] ?? HELP['main']!);
      return command ? 0 : 2;
    }
    const handler = COMMANDS[command];
    // Quoted only when it looks like a word: a secret pasted in its place must not reach the logs.
    const shown = /^[a-z][a-z-]{0,19}$/.test(command) ? `"${command}"` : '(not shown)';
    if (!handler) throw new UsageError(`Unknown command ${shown}. Commands: decode, verify, sign, secret, version.`);
    refuseSecretArguments(rest);
    refuseBadVariableNames(rest);
    return handler(rest, io);
  } catch (error) {
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    if (error instanceof UsageError || error instanceof ConfigError || parseError) {
      const message = parseError ? redact((error as Error).message, rest) : (error as Error).message;
      const wantsJson = rest.includes('--json');
      io.err(wantsJson ? JSON.stringify({ error: message }) : `error: ${message}`);
      return 2;
    }
    throw error;
  }
}

// `decode … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});

process.exitCode = run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  now: Date.now,
});
