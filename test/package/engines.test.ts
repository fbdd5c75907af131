/**
 * The Node floor holds for the whole installed tree, not only for the package: every package under
 * node_modules (dev tools and frameworks included) declares `engines.node` that admits Node 20.19, so
 * `npm ci` on Node 20 prints no EBADENGINE. Where a newer release drops Node 20, package.json holds the
 * devDependency (or, for a transitive one, an `overrides` entry) at the last release that supports it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import semver from 'semver';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };

/** Every package directory under `dir`, nested node_modules and scopes included. */
function packages(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) return [];
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) return packages(path);
    return [path, ...packages(join(path, 'node_modules'))];
  });
}

test('every installed package admits the Node floor of package.json engines (no EBADENGINE on Node 20)', () => {
  const floor = semver.minVersion(pkg.engines.node)!.version;
  assert.equal(floor, '20.19.0');
  const all = packages('node_modules');
  assert.ok(all.length > 300, `${all.length} packages installed: run \`npm ci\` first`);
  const refused = all.flatMap((dir) => {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) return [];
    const { name, version, engines } = JSON.parse(readFileSync(file, 'utf8')) as {
      name?: string;
      version?: string;
      engines?: { node?: unknown };
    };
    const range = engines?.node;
    // npm's own engine check (npm-install-checks): prereleases count, a range that is not a string is ignored.
    if (typeof range !== 'string' || semver.satisfies(floor, range, { includePrerelease: true })) return [];
    return [`${relative('.', dir)} (${name}@${version}): engines.node ${range}`];
  });
  assert.deepEqual(refused, [], `packages that refuse Node ${floor}; hold them at a release that supports it`);
});
