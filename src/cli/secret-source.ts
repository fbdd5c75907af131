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
    const name = flags['secret-env'] ?? 'SESSION_SECRET';
    secret = env[name];
    if (!secret) throw new UsageError(`No secret: set the environment variable ${name}, name another with --secret-env, or pipe it in with --secret-stdin.`);
  }
  const fallbackSecrets = (flags['fallback-env'] ?? []).map((name) => {
    const value = env[name];
    if (!value) throw new UsageError(`The fallback secret variable ${name} is not set.`);
    return value;
  });
  return { secret, fallbackSecrets };
}

/** Refuses a secret passed as an argument, with the reason. */
export function refuseSecretArguments(argv: readonly string[]): void {
  if (argv.some((a) => /^--(secret|key|fallback)(=|$)/.test(a))) {
    throw new UsageError('Secrets are never taken from the command line (ps, shell history and logs keep them): use SESSION_SECRET, --secret-env NAME or --secret-stdin.');
  }
}
