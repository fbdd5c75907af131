/**
 * The error tree: one base class (`SignedCookieError`) under every error the package exports, each with
 * its own literal `name`, which survives minification (a minifier renames classes, so `new.target.name`
 * would not). Checked on the sources and on a minified bundle of the root entry point.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as root from '../../src/index.js';
import * as signing from '../../src/signing/index.js';

type Exports = Record<string, unknown>;

/** Every exported class that builds an Error, with one made from placeholder arguments. */
function errorsOf(module: Exports): [string, Error][] {
  return Object.entries(module).flatMap(([name, value]): [string, Error][] => {
    if (typeof value !== 'function' || !(value.prototype instanceof Error)) return [];
    const Class = value as new (...args: unknown[]) => Error;
    return [[name, new Class('message', 4096, 4096)]];
  });
}

function checkTree(module: Exports, base: unknown): void {
  const errors = errorsOf(module);
  assert.ok(errors.length >= 10, `${errors.length} error classes`);
  for (const [name, error] of errors) {
    assert.equal(error.name, name, `${name}'s name`);
    assert.ok(error instanceof (base as typeof Error), `${name} extends SignedCookieError`);
  }
}

test('every exported error extends SignedCookieError and carries its own name', () => {
  checkTree(root as Exports, root.SignedCookieError);
  checkTree(signing as Exports, signing.SignedCookieError);
  assert.equal(signing.SignedCookieError, root.SignedCookieError);
  // The session's refusals live in the session layer, under TokenError like every refusal.
  assert.ok(new root.AmbiguousToken('x') instanceof root.TokenError);
  assert.equal(new root.RejectedToken('x').reason, 'rejected');
});

test('the names survive minification', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'errors-min-'));
  try {
    const out = join(dir, 'index.mjs');
    const result = await build({
      entryPoints: [new URL('../../src/index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(out, result.outputFiles[0]!.text);
    const minified = (await import(pathToFileURL(out).href)) as Exports;
    checkTree(minified, minified['SignedCookieError']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
