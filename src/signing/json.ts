/**
 * Python-compatible JSON for signed data: the values (json-value.ts), the writer (json-writer.ts) and
 * the reader (json-reader.ts).
 */
export * from './json-value.js';
export * from './json-writer.js';
export * from './json-reader.js';
