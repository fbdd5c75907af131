/**
 * Finds every value of one cookie in a `Cookie` header, in order, with the `cookie` package. Names match
 * exactly (no trimming beyond space and tab, no percent-decoding of names). Pieces separated by ";" are
 * parsed one by one so that duplicates are seen (a plain parse keeps only the first); a Fetch `Headers`
 * object joins several Cookie headers with ", ", so a comma followed by a cookie name also separates.
 */
import { parse } from 'cookie';

const COMMA_BEFORE_NAME = /,(?=[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=)/;

export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header || !header.includes(name)) return [];
  const values: string[] = [];
  for (const piece of header.split(';')) {
    if (!piece.includes(name)) continue;
    // Only a piece with a comma can hold two cookies; the regex split is skipped for the others.
    for (const part of piece.includes(',') ? piece.split(COMMA_BEFORE_NAME) : [piece]) {
      const parsed = parse(part);
      if (Object.hasOwn(parsed, name)) values.push(unquote(parsed[name] ?? ''));
    }
  }
  return values;
}

/** RFC 6265 allows a DQUOTE-wrapped value; Django unquotes it too. A half-quoted value stays as it is. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
