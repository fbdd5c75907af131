/** Adds `Cookie` to a `Vary` value as Django's `patch_vary_headers` does: case-insensitive, `*` kept. */
export function varyWithCookie(existing: string | undefined): string {
  if (!existing || existing.trim() === '') return 'Cookie';
  const fields = existing
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === 'cookie')) return fields.join(', ');
  return [...fields, 'Cookie'].join(', ');
}
