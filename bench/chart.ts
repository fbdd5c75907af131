/** Draws the benchmark as an SVG bar chart: ratio to the HMAC floor, per operation and payload. */
import type { Row } from './run.js';

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function drawChart(rows: Row[]): string {
  const subjects = [...new Set(rows.map((r) => r.subject))];
  const groups = [...new Set(rows.map((r) => `${r.payload} ${r.op}`))];
  const max = Math.max(...rows.map((r) => r.ratioToHmac));
  const bar = 9;
  const groupHeight = subjects.length * (bar + 2) + 24;
  const left = 300;
  const width = 900;
  const scale = (width - left - 60) / Math.log10(max * 1.2);
  const colors = [
    '#2b6cb0',
    '#3182ce',
    '#63b3ed',
    '#2f855a',
    '#68d391',
    '#c05621',
    '#d69e2e',
    '#805ad5',
    '#d53f8c',
    '#718096',
  ];
  let y = 40;
  const parts: string[] = [];
  for (const g of groups) {
    parts.push(`<text x="10" y="${y + 12}" font-weight="bold">${escape(g)}</text>`);
    y += 18;
    for (const [i, s] of subjects.entries()) {
      const r = rows.find((x) => `${x.payload} ${x.op}` === g && x.subject === s);
      if (!r) continue;
      const w = Math.max(1, Math.log10(Math.max(1, r.ratioToHmac)) * scale);
      parts.push(`<text x="${left - 6}" y="${y + bar - 1}" text-anchor="end" font-size="10">${escape(s)}</text>`);
      parts.push(
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${colors[i % colors.length]}"/>`,
      );
      parts.push(
        `<text x="${(left + w + 4).toFixed(1)}" y="${y + bar - 1}" font-size="10">${r.ratioToHmac.toFixed(2)}×</text>`,
      );
      y += bar + 2;
    }
    y += groupHeight - subjects.length * (bar + 2) - 18;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="system-ui, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="14" font-weight="bold">Time per operation as a multiple of one HMAC-SHA256 over the same bytes (log scale; lower is faster)</text>
${parts.join('\n')}
</svg>
`;
}
