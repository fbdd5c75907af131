/**
 * A response that sets or deletes the session cookie must never be stored by a shared cache, or one
 * user's cookie could be served to another (Flask CVE-2023-30861). `private, no-store` is added; `public`
 * and `s-maxage` are dropped; what the app set otherwise stays.
 */
export function privateNoStore(existing: string | undefined): string {
  if (existing === undefined || existing === '') return 'private, no-store'; // the common case, without the parsing
  const directives = existing
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^public$/i.test(d) && !/^s-maxage\s*=/i.test(d));
  const lower = directives.map((d) => d.toLowerCase());
  if (!lower.includes('private')) directives.unshift('private');
  if (!lower.includes('no-store')) directives.push('no-store');
  return directives.join(', ');
}
