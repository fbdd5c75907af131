/**
 * Every TypeScript block of README.md compiles as a user's code: each block is a module of a new project
 * that installed the packed package (test/package/user-project.ts), type-checked strictly with
 * `module: nodenext`, importing 'signed-cookie-session/...' as users do. A snippet cannot rot.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, type UserProject, userProject } from '../package/user-project.js';

interface Block {
  /** README line of the block's first code line (1-based). */
  line: number;
  code: string;
}

/** The ```ts and ```typescript blocks of a Markdown text. */
export function typescriptBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

let project: UserProject;
before(() => (project = userProject()));
after(() => project.remove());

test('every TypeScript block of README.md type-checks against the packed package (strict, nodenext)', () => {
  const blocks = typescriptBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(blocks.length >= 8, `README.md has ${blocks.length} TypeScript blocks`);
  const files = blocks.map((block, i) => {
    const file = `readme-${i + 1}.ts`;
    // `export {}` makes a block without imports a module too, so blocks never share a scope.
    writeFileSync(join(project.dir, file), `${block.code}\nexport {};\n`);
    return file;
  });
  // The frameworks' own declaration files are theirs to check (several do not pass a strict check of
  // their own); ours are checked without skipLibCheck by test/package/package.test.ts.
  const out = project.typecheck(files, {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
  });
  // Point each diagnostic at the README line it comes from.
  const located = out.replace(
    /readme-(\d+)\.ts\((\d+),(\d+)\)/g,
    (_, n: string, row: string, col: string) => `README.md:${blocks[Number(n) - 1]!.line + Number(row) - 1}:${col}`,
  );
  assert.equal(located, '', `README snippets that do not compile:\n${located}`);
});
