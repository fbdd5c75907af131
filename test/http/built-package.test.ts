/**
 * The conformance apps (test/http/apps.ts and the modules it imports) run every adapter through the built
 * package, as users import it (issue 17): no import reaches into src/, and every 'signed-cookie-session'
 * import resolves, under Node and tsx as the suite runs, to dist/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every import specifier of `entry` and of the test modules it imports, by the file that imports it. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const specifiers = ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map(({ fileName }) => fileName);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (!relative(join(ROOT, 'test'), target).startsWith('..')) visit(target);
    }
  };
  visit(entry);
  return graph;
}

const graph = importGraph(join(ROOT, 'test/http/apps.ts'));

test('no conformance app imports the sources: the adapters come from their public subpaths', () => {
  assert.ok(graph.size >= 4, `apps.ts reaches ${graph.size} test modules`);
  const intoSrc = [...graph].flatMap(([file, specifiers]) =>
    specifiers
      .filter((s) => s.startsWith('.') && !relative(join(ROOT, 'src'), resolve(dirname(file), s)).startsWith('..'))
      .map((s) => `${relative(ROOT, file)}: ${s}`),
  );
  assert.deepEqual(intoSrc, [], 'import the public subpath (signed-cookie-session/...) instead');
});

test("every 'signed-cookie-session' import of the apps resolves to the built package (dist/)", () => {
  const publicImports = new Set(
    [...graph.values()].flat().filter((s) => s === 'signed-cookie-session' || s.startsWith('signed-cookie-session/')),
  );
  for (const adapter of ['node', 'express', 'fastify', 'hono', 'fetch', 'koa', 'h3', 'react-router'])
    assert.ok(
      publicImports.has(`signed-cookie-session/${adapter}`),
      `apps.ts imports signed-cookie-session/${adapter}`,
    );
  for (const specifier of publicImports) {
    const file = relative(ROOT, fileURLToPath(import.meta.resolve(specifier)));
    assert.match(file, /^dist\/.*\.js$/, `${specifier} resolves to ${file}`);
  }
});
