/**
 * Importing signed-cookie-session/express types `req.session` (module augmentation of Express's global
 * Request), generic over the data an app declares once in `Register`. Each app (test/types/express-registered,
 * test/types/express-default) is its own TypeScript program, because a declaration types every Express
 * app of its program; each is compiled against Express 5's types and Express 4's (@types/express4), and
 * its `@ts-expect-error` lines are the negative cases.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

const tsc = (project: string) =>
  promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { encoding: 'utf8' }).then(
    () => '',
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );

describe('Express typing', { concurrency: true }, () => {
  for (const app of ['express-registered', 'express-default']) {
    for (const [major, config] of [
      ['5', 'tsconfig.json'],
      ['4', 'tsconfig.express4.json'],
    ] as const) {
      test(`test/types/${app}/app.ts compiles against Express ${major}'s types`, async () => {
        assert.equal(await tsc(`test/types/${app}/${config}`), '');
      });
    }
  }
});
