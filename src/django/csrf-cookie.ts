/**
 * The CSRF cookie in a request's `Cookie` header and `Vary` on the response, as Django handles them:
 * pieces are separated by ";" only (a comma belongs to a value), names are exact, a quoted value is
 * unquoted, nothing is percent-decoded. Kept here rather than borrowed from the HTTP core, which sits
 * above this module.
 */

/** Every value of cookie `name` in a `Cookie` header, in order. */
export function cookieValuesIn(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const piece of header.split(';')) {
    const eq = piece.indexOf('=');
    if (eq === -1 || piece.slice(0, eq).trim() !== name) continue;
    const value = piece.slice(eq + 1).trim();
    values.push(value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
  }
  return values;
}

/** `Vary` with `Cookie` added, as Django's `patch_vary_headers` adds it (case-insensitive; `*` left alone). */
export function varyIncludingCookie(existing: string | undefined): string {
  const fields = (existing ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  return fields.some((f) => f === '*' || f.toLowerCase() === 'cookie') ? fields.join(', ') : [...fields, 'Cookie'].join(', ');
}
