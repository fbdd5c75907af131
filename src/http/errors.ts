import { PayloadTooLarge } from '../signing/errors.js';

/**
 * A session `Set-Cookie` would exceed what browsers keep (4096 bytes): refused before any header is sent,
 * so the write is never lost silently. A `PayloadTooLarge`, so one `catch` covers both.
 */
export class CookieTooLarge extends PayloadTooLarge {
  readonly size: number;
  readonly limit: number;
  constructor(name: string, size: number, limit: number) {
    super(`The ${name} cookie would be ${size} bytes (name, value and attributes); browsers drop cookies over ${limit} bytes. Store less in the session.`, size);
    this.name = 'CookieTooLarge';
    this.size = size;
    this.limit = limit;
  }
}
