/**
 * The committed Django vectors are reproducible: scripts/django-vectors.py replays every case's inputs
 * through the installed Django (3.2 for the 3.2 file; 4.2 and 5.2 for the 5.2 file, which give the same
 * outcome for every case) and the regenerated file must equal the committed one. A missing Django is a
 * failure naming scripts/django.sh, never a skip.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PYTHON, pythonEnv, requireDjango, type Series } from '../interop/harness.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/django-vectors.py', import.meta.url));
const RUNS: [Series, string][] = [
  ['3.2', 'django-3.2-public.json'],
  ['4.2', 'django-5.2-public.json'],
  ['5.2', 'django-5.2-public.json'],
];

for (const [series, name] of RUNS) {
  test(`scripts/django-vectors.py with Django ${series} regenerates test/fixtures/${name} exactly`, () => {
    requireDjango(series);
    const path = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
    const run = spawnSync(PYTHON, [SCRIPT, path], {
      encoding: 'utf8',
      env: pythonEnv(series),
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, run.stderr);
    const committed = JSON.parse(readFileSync(path, 'utf8')) as { meta: object; vectors: { id: string }[] };
    const regenerated = JSON.parse(run.stdout) as typeof committed;
    assert.equal(regenerated.vectors.length, committed.vectors.length);
    regenerated.vectors.forEach((v, i) => assert.deepStrictEqual(v, committed.vectors[i], v.id));
  });
}
