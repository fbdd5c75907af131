/**
 * Frameworks are optional peer dependencies, loaded only by their own subpath: the import graph of each
 * entry point in the built package (dist/) reaches `cookie`, node: modules (type-only outside the CLI,
 * which the layers test checks) and at most its own framework; every framework an entry imports is an
 * optional peer dependency.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | { default: string }>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** The frameworks each subpath may load at run time (type-only imports leave no trace in dist/). */
const ALLOWED: Record<string, string[]> = { './h3': ['h3'], './react-router': ['react-router'], './next': ['next'] };

function bareImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(normalize(join(dirname(file), fileName)));
      else if (!fileName.startsWith('node:'))
        bare.add(fileName.startsWith('@') ? fileName.split('/').slice(0, 2).join('/') : fileName.split('/')[0]!);
    }
  };
  visit(entry);
  return bare;
}

test('each entry point loads only cookie and its own framework, and every framework is an optional peer', (t) => {
  if (!existsSync('dist/index.js')) throw new Error('dist/ is missing: run `npm run build` before this test.');
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath === './package.json') continue;
    const file = typeof target === 'string' ? target : target.default;
    const frameworks = [...bareImports(file)].filter((name) => !(name in pkg.dependencies));
    t.diagnostic(`${subpath}: ${frameworks.join(', ') || 'no framework'}`);
    assert.deepEqual(frameworks, ALLOWED[subpath] ?? [], `${subpath} loads only its own framework`);
    for (const name of frameworks) {
      assert.ok(pkg.peerDependencies[name], `${name} is a peer dependency`);
      assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
    }
  }
  for (const name of ['express', 'fastify', 'hono', 'koa', 'h3', 'react-router', '@sveltejs/kit', 'next']) {
    assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, `${name} is an optional peer dependency`);
  }
});
