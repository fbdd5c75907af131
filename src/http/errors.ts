/** A session `Set-Cookie` would exceed what browsers keep (4096 bytes): refused before any header is sent. */
export class CookieTooLarge extends Error {
  readonly size: number;
  readonly limit: number;
  constructor(name: string, size: number, limit: number) {
    super(`The ${name} cookie would be ${size} bytes (name, value and attributes); browsers drop cookies over ${limit} bytes. Store less in the session.`);
    this.name = 'CookieTooLarge';
    this.size = size;
    this.limit = limit;
  }
}
