// TypeDoc plugin: titles each entry point's module by the import path users type
// ("signed-cookie-session/express"), read from package.json "exports", instead of its file path
// ("adapters/express").
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

/** "src/adapters/express.ts" -> "signed-cookie-session/express", for every export with a "default". */
const importPaths = new Map(
  Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target.default)
    .map(([subpath, target]) => [
      target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'),
      subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`,
    ]),
);

export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const name = file && importPaths.get(relative(root, file));
    if (!name)
      throw new Error(
        `typedoc-import-paths: ${file ?? reflection.name} is not an entry point in package.json "exports"`,
      );
    reflection.name = name;
  });
}
