/**
 * The library code each demo action runs, shown on the page: read from server.ts itself, between
 * `// #region name` and `// #endregion` comments, so what the page shows is what the server runs.
 */
import { readFileSync } from 'node:fs';

export function codeRegions(source: string): Map<string, string> {
  const regions = new Map<string, string>();
  const pattern = /^([ \t]*)\/\/ #region (\S+)\n([\s\S]*?)^[ \t]*\/\/ #endregion/gm;
  for (const match of source.matchAll(pattern)) {
    const lines = match[3]!.replace(/\n$/, '').split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
    regions.set(match[2]!, lines.map((l) => l.slice(indent)).join('\n'));
  }
  return regions;
}

/** The regions of the demo server's source. */
export const SERVER_CODE = codeRegions(readFileSync(new URL('./server.ts', import.meta.url), 'utf8'));
