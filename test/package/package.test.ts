/**
 * The package as `npm pack` makes it, installed into a new project: what it ships, that its source maps
 * resolve inside it, that `require()` loads it on this Node, and that a user's exported values have types
 * that can be named (no TS2742/TS2883 "cannot be named without a reference to" an internal path).
 * attw and publint run beside this in `npm test` (`npm run test:package`).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type UserProject, userProject } from './user-project.js';

let project: UserProject;
before(() => (project = userProject()));
after(() => project.remove());

const SUBPATHS = ['', '/signing', '/node', '/express', '/fastify', '/hono', '/fetch'];

describe('the packed package', () => {
  test('ships the build, its sources, the docs, LICENSE, README and package.json, nothing else', () => {
    for (const file of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'src/index.ts',
      'docs/reference.md',
    ]) {
      assert.ok(project.files.includes(file), `${file} is in the tarball`);
    }
    const stray = project.files.filter(
      (f) => !/^(dist|src)\/|^docs\/[^/]+\.md$/.test(f) && !['LICENSE', 'README.md', 'package.json'].includes(f),
    );
    assert.deepEqual(stray, []);
    assert.match(readFileSync(join(project.dir, 'node_modules/signed-cookie-session/LICENSE'), 'utf8'), /^MIT License/);
    const license = (
      JSON.parse(readFileSync(join(project.dir, 'node_modules/signed-cookie-session/package.json'), 'utf8')) as {
        license: string;
      }
    ).license;
    assert.equal(license, 'MIT');
  });

  test('every source map and declaration map points at a file the tarball holds', () => {
    const maps = project.files.filter((f) => f.endsWith('.map'));
    assert.ok(
      maps.some((f) => f.endsWith('.js.map')) && maps.some((f) => f.endsWith('.d.ts.map')),
      'both kinds of map are shipped',
    );
    for (const map of maps) {
      const { sources } = JSON.parse(
        readFileSync(join(project.dir, 'node_modules/signed-cookie-session', map), 'utf8'),
      ) as { sources: string[] };
      for (const source of sources) {
        const target = normalize(join(dirname(map), source));
        assert.ok(project.files.includes(target), `${map} points at ${target}, which is shipped`);
      }
    }
  });

  test('require() loads every entry point (Node >= 20.19 loads ES modules synchronously)', () => {
    const script = `for (const p of ${JSON.stringify(SUBPATHS.map((s) => `signed-cookie-session${s}`))}) { const m = require(p); if (Object.keys(m).length === 0) throw new Error(p + ' is empty'); } console.log('ok');`;
    writeFileSync(join(project.dir, 'require.cjs'), script);
    assert.equal(
      execFileSync(process.execPath, ['require.cjs'], {
        cwd: project.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim(),
      'ok',
    );
  });

  test('every value a user exports has a type that can be named, on nodenext, node16 and bundler resolution', () => {
    writeFileSync(
      join(project.dir, 'exports.ts'),
      `import { SessionMiddleware, SessionSettings, SessionStore } from 'signed-cookie-session';
import { dumps, inspectToken, loads, Signer, TimestampSigner } from 'signed-cookie-session/signing';
import { session as expressSession, getSession as expressGetSession } from 'signed-cookie-session/express';
import { session as fastifySession, getSession as fastifyGetSession } from 'signed-cookie-session/fastify';
import { session as honoSession } from 'signed-cookie-session/hono';
import { withSession as withFetchSession } from 'signed-cookie-session/fetch';
import { withSession as withNodeSession } from 'signed-cookie-session/node';

const secret = 'x'.repeat(64);
export const settings = new SessionSettings({ secret });
export const untyped = new SessionStore(null, settings);
export const value = untyped.get('anything');
export const keys = untyped.keys();
export const values = untyped.values();
export const items = untyped.items();
export const json = untyped.toJSON();
export const asyncValue = untyped.aget('anything');
export const expiryDate = untyped.getExpiryDate();

interface Cart { cart: string[]; user?: number }
export const typed = new SessionStore<Cart>(null, settings);
export const cart = typed.get('cart');
export const typedItems = typed.items();
export const typedJson = typed.toJSON();
export const signedAt = typed.signedAt;

export const middleware = new SessionMiddleware<Cart>({ secret });
export const express = expressSession<Cart>({ secret });
export const expressGet = expressGetSession;
export const fastify = fastifySession;
export const fastifyGet = fastifyGetSession;
export const hono = honoSession<Cart>({ secret });
export const fetchHandler = withFetchSession<Cart>((_request, s) => Response.json(s.toJSON()), { secret });
export const nodeHandler = withNodeSession<Cart>((req, res) => void res.end(String(req.session.get('user'))), { secret });

export const signer = new Signer({ key: secret });
export const verified = signer.verify(signer.sign('a'));
export const stamped = new TimestampSigner({ key: secret });
export const unsigned = stamped.unsign(stamped.sign('a'));
export const loaded = loads(dumps({ a: 1 }, { key: secret }), { key: secret });
export const inspected = inspectToken('a:b:c');
`,
    );
    for (const [module, moduleResolution] of [
      ['nodenext', 'nodenext'],
      ['node16', 'node16'],
      ['preserve', 'bundler'],
    ]) {
      const out = project.typecheck(['exports.ts'], {
        module,
        moduleResolution,
        target: 'es2022',
        declaration: true,
        noEmit: false,
        emitDeclarationOnly: true,
        outDir: 'out',
      });
      assert.equal(out, '', `${moduleResolution}:\n${out}`);
    }
  });
});
