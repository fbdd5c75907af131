/**
 * Python-compatible JSON for signed data: the values (json-value.ts), the writer (json-writer.ts) and
 * the reader (json-reader.ts), and the entries of an object's text (json-entries.ts).
 */
export * from './json-value.js';
export * from './json-writer.js';
export * from './json-reader.js';
export * from './json-entries.js';
