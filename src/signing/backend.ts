/**
 * Which implementation the async API uses: `auto` prefers node:crypto and node:zlib where they exist,
 * `web` forces Web Crypto and CompressionStream (what Workers and browsers have), `node` requires node:crypto.
 */
export type CryptoBackend = 'auto' | 'node' | 'web';
