/**
 * The repository explains itself: every reference in code comments, tests and docs resolves inside it.
 * Checked: Markdown links and their anchors; repository paths and file names (in comments and docs), with
 * their anchors; "decision N" against docs/design.md and docs/decisions.md, whose numbering must run
 * without gaps or repeats, each decision with its row in design.md's summary and in testing.md;
 * docs/security.md #N, L<n> and V<n> against the plan in docs/security.md; G<n> against docs/testing.md;
 * and, both ways, the plan's and the scenarios' numbers in the test names. Nothing may point at the
 * shared design notes or specs outside the repository.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the repository's own text lives; everything else at the top is configuration or generated. */
const ROOTS = ['src', 'test', 'docs', 'examples', 'bench', 'scripts', '.ci', 'README.md', 'eslint.config.js'];
/** Generated or installed, never checked in (SvelteKit builds: .svelte-kit, build; Next.js builds: .next, next-env.d.ts): references to them are fine even before they exist. */
const GENERATED =
  /(^|\/)(node_modules|dist|docs\/api|test-results|\.cache|\.svelte-kit|sveltekit\/build|\.next)(\/|$)|(^|\/)next-env\.d\.ts$/;
const TEXT = /\.(ts|mts|mjs|js|md|py|sh)$/;

/** Patterns that point outside the repository (written escaped, so this file matches none of them). */
const OUTSIDE: [RegExp, string][] = [
  [/\.\.\/shared/, 'the shared folder outside the repository'],
  [/DESIGN\.md/, 'the shared design notes (docs/design.md holds the design)'],
  [/spec \u00a7|plan \u00a7|security plan \x23|shared spec/, 'a section of a spec outside the repository'],
  [
    /security-test-plan\.md|django-signed-cookies\.md|django-tests\.md|peers(-2026)?\.md/,
    'a spec outside the repository',
  ],
];

export interface Repo {
  /** Repository-relative path → text. */
  files: Map<string, string>;
  /** Whether a repository-relative path (file or folder) exists. */
  exists: (path: string) => boolean;
}

function walk(path: string, out: Map<string, string>): void {
  const absolute = join(ROOT, path);
  if (!existsSync(absolute) || GENERATED.test(path)) return;
  if (statSync(absolute).isDirectory()) {
    for (const entry of readdirSync(absolute)) walk(posix.join(path, entry), out);
  } else if (TEXT.test(path) || path === '.ci/run') {
    out.set(path, readFileSync(absolute, 'utf8'));
  }
}

function repository(): Repo {
  const files = new Map<string, string>();
  for (const root of ROOTS) walk(root, files);
  return { files, exists: (path) => existsSync(join(ROOT, path)) };
}

/** The comments of a TypeScript or JavaScript file, each joined into one line of prose. */
function comments(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const ranges = new Map<number, ts.CommentRange>();
  const collect = (list: ts.CommentRange[] | undefined) => list?.forEach((r) => ranges.set(r.pos, r));
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  // Consecutive line comments are one passage, so a reference wrapped over two lines still reads as one.
  const passages: { pos: number; end: number }[] = [];
  for (const r of [...ranges.values()].sort((x, y) => x.pos - y.pos)) {
    const last = passages.at(-1);
    if (last && /^\s*$/.test(text.slice(last.end, r.pos))) last.end = r.end;
    else passages.push({ pos: r.pos, end: r.end });
  }
  return passages.map((r) => prose(text.slice(r.pos, r.end)));
}

/** Comment markers and line breaks removed, so a reference wrapped over two lines reads as one. */
function prose(comment: string): string {
  return comment
    .split('\n')
    .map((line) => line.replace(/^\s*(\/\*\*?|\*\/|\*(?!\*)|\/\/+|#+(?=\s|$))\s?/, '').replace(/\s*\*\/\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** What of a file is prose to check: comments of code, `#` comments of scripts, all of Markdown. */
function proseOf(path: string, text: string): string[] {
  if (/\.(ts|mts|mjs|js)$/.test(path)) return comments(path, text);
  if (/\.(sh|py)$/.test(path) || path === '.ci/run')
    return [
      prose(
        text
          .split('\n')
          .filter((l) => /^\s*#/.test(l))
          .join('\n'),
      ),
    ];
  return [text.replace(/\s+/g, ' ')];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/** Numbers listed after a word: "decision 4", "decisions 4–7", "decisions 23, 25 and 26". */
function numbersAfter(text: string, word: RegExp): { quote: string; numbers: number[] }[] {
  const found: { quote: string; numbers: number[] }[] = [];
  const pattern = new RegExp(`${word.source}\\s+(\\d+(?:\\s*(?:,|and|or|–|-)\\s*\\d+)*)`, 'g');
  for (const m of text.matchAll(pattern)) {
    const numbers: number[] = [];
    for (const part of m[1]!.matchAll(/(\d+)(?:\s*[–-]\s*(\d+))?/g)) {
      const from = Number(part[1]);
      const to = part[2] === undefined ? from : Number(part[2]);
      for (let n = from; n <= to; n++) numbers.push(n);
    }
    found.push({ quote: m[0], numbers });
  }
  return found;
}

const rowIds = (markdown: string, prefix: string): Set<string> =>
  new Set([...markdown.matchAll(new RegExp(`^\\| (${prefix}\\d+b?) \\|`, 'gm'))].map((m) => m[1]!));

/** Every dangling or outside reference, as "file: what". Empty when the repository explains itself. */
export function findProblems({ files, exists }: Repo): string[] {
  const problems: string[] = [];
  const text = (path: string) => files.get(path) ?? '';
  const design = text('docs/design.md');
  const decisionsDoc = text('docs/decisions.md');
  const security = text('docs/security.md');
  const testing = text('docs/testing.md');
  for (const doc of ['docs/design.md', 'docs/decisions.md', 'docs/security.md', 'docs/testing.md']) {
    if (!files.has(doc)) problems.push(`${doc} is missing`);
  }

  // Decisions: 1–11 in design.md's list, 12 onwards in decisions.md, numbered without gaps or repeats.
  const decisionSection = design.slice(design.indexOf('\n## Decisions'));
  const founding = [...decisionSection.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]));
  const later = [...decisionsDoc.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]));
  const numbering = [...founding, ...later];
  numbering.forEach((n, i) => {
    if (n !== i + 1)
      problems.push(
        `docs/decisions.md: decision ${n} where ${i + 1} was expected (numbers must run 1, 2, 3… without gaps or repeats)`,
      );
  });
  const decisions = new Set(numbering);
  const summarised = new Set([...design.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])));
  const testingSection = testing.slice(testing.indexOf('\n## Decisions and their tests'));
  const pinned = new Set(
    [...testingSection.slice(0, testingSection.indexOf('\n## ', 1) >>> 0).matchAll(/^\| (\d+) /gm)].map((m) =>
      Number(m[1]),
    ),
  );
  for (const n of later) {
    if (!summarised.has(n))
      problems.push(
        `docs/design.md: decision ${n} of docs/decisions.md has no row in the summary table under "Decisions"`,
      );
  }
  for (const n of numbering) {
    if (!pinned.has(n)) problems.push(`docs/testing.md: decision ${n} has no row under "Decisions and their tests"`);
  }

  const plan = rowIds(security, '#');
  const loads = rowIds(security, 'L');
  const vectors = rowIds(security, 'V');
  const scenarios = rowIds(testing, 'G');
  const basenames = new Set([...files.keys()].map((p) => basename(p)));

  for (const [path, whole] of files) {
    if (path === 'test/docs/references.test.ts') continue;
    const passages = proseOf(path, whole);
    for (const [pattern, what] of OUTSIDE) {
      const m = pattern.exec(whole) ?? passages.map((p) => pattern.exec(p)).find((found) => found !== null);
      if (m) problems.push(`${path}: "${m[0]}" points at ${what}`);
    }
    const markdown = path.endsWith('.md');
    for (const passage of passages) {
      // Markdown links, relative to the file.
      if (markdown) {
        for (const m of passage.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = m[1]!;
          if (/^[a-z]+:/i.test(target)) continue;
          const [file = '', anchor] = target.split('#');
          const resolved = file === '' ? path : posix.normalize(posix.join(posix.dirname(path), file));
          if (file !== '' && !exists(resolved) && !GENERATED.test(resolved))
            problems.push(`${path}: the link (${target}) leads to no file`);
          else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(text(resolved)).has(anchor)) {
            problems.push(`${path}: the link (${target}) names no heading of ${resolved}`);
          }
        }
      }
      // Repository paths, and their anchors.
      for (const m of passage.matchAll(
        /(?<![\w./-])((?:src|test|docs|bench|scripts|examples|\.ci)\/[\w./-]*[\w/])(?:#([\w-]+))?/g,
      )) {
        const target = m[1]!.replace(/\/$/, '');
        if (GENERATED.test(target)) continue;
        if (!exists(target)) problems.push(`${path}: "${m[1]}" does not exist`);
        else if (m[2] !== undefined && target.endsWith('.md') && !anchors(text(target)).has(m[2])) {
          problems.push(`${path}: "${m[0]}" names no heading of ${target}`);
        }
      }
      // File names without a folder (e.g. "see one-shot-hmac.ts"): some file of the repository.
      for (const m of passage.matchAll(/(?<![\w./*<-])([\w-]+\.(?:ts|md|sh|py|mjs))\b/g)) {
        if (!basenames.has(m[1]!)) problems.push(`${path}: "${m[1]}" is no file of the repository`);
      }
      for (const { quote, numbers } of numbersAfter(passage, /\b[Dd]ecisions?/)) {
        for (const n of numbers) if (!decisions.has(n)) problems.push(`${path}: "${quote}": there is no decision ${n}`);
      }
      for (const m of passage.matchAll(/security\.md\)?\s+#(\d+)/g)) {
        if (!plan.has(`#${m[1]}`)) problems.push(`${path}: "${m[0]}": docs/security.md has no item #${m[1]}`);
      }
      if (path.startsWith('docs/')) {
        for (const m of passage.matchAll(/(?<![\w/&#]|ticket |issue )#(\d+)\b/g)) {
          if (!plan.has(`#${m[1]}`)) problems.push(`${path}: "#${m[1]}": docs/security.md has no item #${m[1]}`);
        }
        for (const m of passage.matchAll(/(?<![\w-])(L\d+)\b/g))
          if (!loads.has(m[1]!)) problems.push(`${path}: "${m[1]}": no such load scenario in docs/security.md`);
        for (const m of passage.matchAll(/(?<![\w-])(V\d+b?)\b/g))
          if (!vectors.has(m[1]!)) problems.push(`${path}: "${m[1]}": no such vector in docs/security.md`);
        for (const m of passage.matchAll(/(?<![\w-])(G\d+)\b/g))
          if (!scenarios.has(m[1]!)) problems.push(`${path}: "${m[1]}": no such scenario in docs/testing.md`);
      }
    }
    // Numbers carried by test names and code: each must be documented.
    if (path.startsWith('test/') && path.endsWith('.ts')) {
      const names = [...whole.matchAll(/\b(?:test|describe)\(\s*[`'"]([^`'"]*)/g)].map((m) => m[1]!);
      for (const name of names) {
        for (const m of name.matchAll(/(?<![\w-])G(\d+)\b/g))
          if (!scenarios.has(`G${m[1]}`))
            problems.push(`${path}: the test "${name}" names G${m[1]}, which docs/testing.md does not list`);
        for (const m of name.matchAll(/(?<![\w-])L(\d+)\b/g))
          if (!loads.has(`L${m[1]}`))
            problems.push(`${path}: the test "${name}" names L${m[1]}, which docs/security.md does not list`);
        for (const m of name.matchAll(/^#(\d+) /g))
          if (!plan.has(`#${m[1]}`))
            problems.push(`${path}: the test "${name}" names #${m[1]}, which docs/security.md does not list`);
      }
      for (const m of whole.matchAll(/(?<![\w-])(V\d+b?)\b/g))
        if (!vectors.has(m[1]!)) problems.push(`${path}: ${m[1]} is no vector of docs/security.md`);
    }
  }

  // Both ways: every documented number has its test where the documents say it is.
  const testNames = (path: string) => [...text(path).matchAll(/\btest\(\s*[`'"]([^`'"]*)/g)].map((m) => m[1]!);
  const planTests = new Set(
    testNames('test/security/plan.test.ts')
      .flatMap((n) => [...(/^#(\d+) /.exec(n) ?? [])].slice(1))
      .map((n) => `#${n}`),
  );
  for (const id of plan)
    if (!planTests.has(id))
      problems.push(`docs/security.md: ${id} has no test named "${id} …" in test/security/plan.test.ts`);
  const faultTests = new Set(
    testNames('test/load/faults.test.ts').flatMap((n) => [...n.matchAll(/^L(\d+) /g)].map((m) => `L${m[1]}`)),
  );
  for (const row of security.matchAll(/^\| (L\d+) \|(.*)\|\s*$/gm)) {
    const where = row[2]!.split('|').at(-1)!.trim();
    if ((where === '' || where.startsWith('also')) && !faultTests.has(row[1]!))
      problems.push(`docs/security.md: ${row[1]} has no test named "${row[1]} …" in test/load/faults.test.ts`);
  }
  const scenarioTests = (path: string) =>
    new Set(testNames(path).flatMap((n) => [...n.matchAll(/\bG(\d+)\b/g)].map((m) => `G${m[1]}`)));
  const inFile = {
    conformance: scenarioTests('test/http/conformance.test.ts'),
    core: scenarioTests('test/http/core.test.ts'),
  };
  for (const row of testing.matchAll(/^\| (G\d+) \|(.*)\|\s*$/gm)) {
    const where = row[2]!.split('|').at(-1)!;
    for (const [name, tests] of Object.entries(inFile)) {
      if (new RegExp(`\\b${name}\\b`).test(where) && !tests.has(row[1]!))
        problems.push(`docs/testing.md: ${row[1]} has no test named after it in test/http/${name}.test.ts`);
    }
  }
  return problems;
}

describe('the repository explains itself', () => {
  test('every reference in code, tests and docs resolves inside the repository', () => {
    const repo = repository();
    assert.ok(repo.files.size > 100, `only ${repo.files.size} files were read`);
    assert.deepEqual(findProblems(repo), []);
  });

  test('each kind of dangling reference is found (the check can fail)', () => {
    const repo = repository();
    const files = new Map(repo.files);
    const planted: [string, string, RegExp][] = [
      ['src/planted-1.ts', '/** See docs/design.md decision 99. */\nexport {};\n', /there is no decision 99/],
      ['src/planted-2.ts', '// Refused (docs/security.md #99).\nexport {};\n', /no item #99/],
      [
        'src/planted-3.ts',
        '/** Kept in src/signing/nowhere.ts. */\nexport {};\n',
        /"src\/signing\/nowhere\.ts" does not exist/,
      ],
      [
        'src/planted-4.ts',
        '/** As docs/design.md#no-such-heading says. */\nexport {};\n',
        /names no heading of docs\/design\.md/,
      ],
      ['src/planted-5.ts', '/** See ../' + 'shared/DESIGN' + '.md. */\nexport {};\n', /outside the repository/],
      ['src/planted-6.ts', '// as the security plan\n// \x233 says, wrapped\nexport {};\n', /outside the repository/],
      ['src/planted-7.ts', '/** Like gone-away.ts does. */\nexport {};\n', /"gone-away\.ts" is no file/],
      [
        'docs/planted.md',
        'See [the table](design.md#nowhere) and [x](missing.md), decisions 5–7 and 98, #65, L40, V99, G40.\n',
        /./,
      ],
      [
        'test/planted.test.ts',
        "test('G77 a scenario nobody wrote down', () => {});\ntest('#1 fine', () => {});\n",
        /G77/,
      ],
    ];
    for (const [path, text] of planted) files.set(path, text);
    const problems = findProblems({ files, exists: (p) => files.has(p) || repo.exists(p) });
    for (const [path, , expected] of planted) {
      assert.ok(
        problems.some((p) => p.startsWith(`${path}:`) && expected.test(p)),
        `${path}: ${problems.filter((p) => p.startsWith(path)).join('; ') || 'nothing found'}`,
      );
    }
    const docProblems = problems.filter((p) => p.startsWith('docs/planted.md:'));
    for (const expected of [/design\.md#nowhere/, /missing\.md/, /no decision 98/, /#65/, /L40/, /V99/, /G40/]) {
      assert.ok(
        docProblems.some((p) => expected.test(p)),
        `docs/planted.md: ${expected} not reported among ${docProblems.join('; ')}`,
      );
    }
    assert.ok(!docProblems.some((p) => /decision [567]\b/.test(p)), 'decisions 5–7 exist');
  });

  test('decision numbering must run without gaps or repeats', () => {
    const repo = repository();
    const files = new Map(repo.files);
    const decisions = files.get('docs/decisions.md')!;
    const last = Math.max(...[...decisions.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1])));
    files.set(
      'docs/decisions.md',
      `${decisions}\n${last}. **A second decision with the same number.** Two helpers appended at once.\n`,
    );
    assert.ok(
      findProblems({ files, exists: repo.exists }).some((p) =>
        p.includes(`decision ${last} where ${last + 1} was expected`),
      ),
    );
  });

  test('a new decision needs its rows in design.md and testing.md', () => {
    const repo = repository();
    const files = new Map(repo.files);
    const decisions = files.get('docs/decisions.md')!;
    const next = Math.max(...[...decisions.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]))) + 1;
    files.set('docs/decisions.md', `${decisions}\n${next}. **A decision nobody summarised.** Appended alone.\n`);
    const problems = findProblems({ files, exists: repo.exists });
    assert.ok(
      problems.some((p) => p.startsWith('docs/design.md:') && p.includes(`decision ${next} `)),
      problems.join('; '),
    );
    assert.ok(
      problems.some((p) => p.startsWith('docs/testing.md:') && p.includes(`decision ${next} `)),
      problems.join('; '),
    );
  });
});
