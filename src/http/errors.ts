import { PayloadTooLarge } from '../signing/errors.js';

/**
 * A session cookie would exceed what browsers keep (4096 bytes of name and value): refused before any header is sent,
 * so the write is never lost silently. A `PayloadTooLarge`, so one `catch` covers both.
 */
export class CookieTooLarge extends PayloadTooLarge {
  readonly size: number;
  readonly limit: number;
  constructor(name: string, size: number, limit: number) {
    super(
      `The ${name} cookie would hold ${size} bytes of name and value; browsers drop cookies over ${limit} (RFC 6265bis §5.6). Store less in the session.`,
    );
    this.name = 'CookieTooLarge';
    this.size = size;
    this.limit = limit;
  }
}
