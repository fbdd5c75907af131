/**
 * Where the CLI takes secrets from: an environment variable or standard input, never the command line,
 * where `ps`, shell history and CI logs would keep them.
 */
import { readFileSync } from 'node:fs';

export class UsageError extends Error {}

export interface SecretFlags {
  'secret-env'?: string;
  'secret-stdin'?: boolean;
  'fallback-env'?: string[];
}

export function readSecrets(flags: SecretFlags, env: NodeJS.ProcessEnv): { secret: string; fallbackSecrets: string[] } {
  let secret: string | undefined;
  if (flags['secret-stdin']) {
    secret = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  } else {
    const named = flags['secret-env'];
    secret = env[named ?? 'SESSION_SECRET'];
    // The name given is not repeated: a secret pasted in its place can look like a name too.
    if (!secret && named !== undefined)
      throw new UsageError('No secret: the variable named by --secret-env is not set or empty.');
    if (!secret)
      throw new UsageError(
        'No secret: set the environment variable SESSION_SECRET, name another with --secret-env, or pipe it in with --secret-stdin.',
      );
  }
  const fallbackSecrets = (flags['fallback-env'] ?? []).map((name, i) => {
    const value = env[name];
    if (!value) throw new UsageError(`The variable named by --fallback-env (number ${i + 1}) is not set or empty.`);
    return value;
  });
  return { secret, fallbackSecrets };
}

/** What `--secret-env` and `--fallback-env` take: the name of an environment variable. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Refuses a `--secret-env`/`--fallback-env` argument that is not a variable name, without echoing it:
 * `--secret-env "$SESSION_SECRET"` is an easy mistake, and the secret must not reach stderr or CI logs.
 * Runs before the argument parser, whose own messages would quote it (a value starting with "-").
 */
export function refuseBadVariableNames(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(secret-env|fallback-env)(?:=(.*))?$/s.exec(argv[i]!);
    if (!match) continue;
    const name = match[2] ?? argv[i + 1];
    if (name === undefined) throw new UsageError(`--${match[1]} needs the name of an environment variable.`);
    if (!VARIABLE_NAME.test(name)) {
      throw new UsageError(
        `--${match[1]} takes the name of an environment variable ([A-Za-z_][A-Za-z0-9_]*), not its value; what was given is not a name (not shown, in case it is a secret).`,
      );
    }
  }
}

/** Refuses a secret passed as an argument, with the reason. */
export function refuseSecretArguments(argv: readonly string[]): void {
  if (argv.some((a) => /^--(secret|key|fallback)(=|$)/.test(a))) {
    throw new UsageError(
      'Secrets are never taken from the command line (ps, shell history and logs keep them): use SESSION_SECRET, --secret-env NAME or --secret-stdin.',
    );
  }
}
