/**
 * The layers of docs/design.md hold: every import in src/ runs downward (signing ← session ← the modules
 * beside the HTTP core ← HTTP core ← adapters), and outside the CLI no `node:` module is imported for more
 * than its types, so the package loads where only Web APIs exist.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Each folder of src/ and its rank: a file may import from its own folder and from lower ranks only.
 * A new module beside the HTTP core gets rank 2 here and a section in docs/design.md.
 */
const RANK: Record<string, number> = {
  signing: 0,
  headers: 0, // Cookie and Vary header text, shared by the HTTP core and the modules beside it
  session: 1,
  django: 2,
  revocation: 2,
  http: 3,
  adapters: 4,
  'index.ts': 5, // the package's root entry point re-exports the layers
  cli: 6,
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : entry.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function imports(path: string): Import[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      let typeOnly = false;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        typeOnly =
          clause?.isTypeOnly === true ||
          (clause !== undefined &&
            !clause.name &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.every((e) => e.isTypeOnly));
      } else {
        typeOnly = node.isTypeOnly;
      }
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      ts.isStringLiteral(node.arguments[0]!)
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

/** The src/ folder (or root file) a path belongs to. */
const layerOf = (relativePath: string): string => relativePath.split('/')[0]!;

test('every import in src/ runs down the layers of docs/design.md; node: modules for their types only', () => {
  const problems: string[] = [];
  for (const file of sources(SRC)) {
    const path = posix.normalize(file.slice(SRC.length).split('\\').join('/'));
    const from = layerOf(path);
    if (RANK[from] === undefined) {
      problems.push(
        `src/${from}: a folder docs/design.md does not place in a layer (add it there and to RANK in test/docs/layers.test.ts)`,
      );
      continue;
    }
    for (const { specifier, typeOnly } of imports(file)) {
      if (specifier.startsWith('node:')) {
        if (!typeOnly && from !== 'cli')
          problems.push(
            `src/${path}: imports ${specifier} at run time (only the CLI may; elsewhere go through the runtime seam)`,
          );
        continue;
      }
      if (!specifier.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(path), specifier));
      if (target.startsWith('..')) {
        problems.push(`src/${path}: imports ${specifier}, outside src/`);
        continue;
      }
      const to = layerOf(target.replace(/\.js$/, '.ts'));
      if (to !== from && (RANK[to] ?? Infinity) >= RANK[from]!)
        problems.push(`src/${path}: imports ${specifier} from ${to}, which is not below ${from}`);
    }
  }
  assert.deepEqual(problems, []);
});
