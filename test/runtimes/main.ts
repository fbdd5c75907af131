/** Entry for Node, Bun and Deno: runs the cases and prints the results as one JSON line. */
import { run } from './cases.js';

console.log(JSON.stringify(await run()));
