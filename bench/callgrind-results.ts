/** What bench/callgrind.ts writes and bench/targets.ts reads. */
import type { CaseName, Op } from './operations.js';

export interface CallgrindRow {
  subject: string;
  payload: CaseName;
  op: Op;
  /** Instructions per operation: the least 2N segment minus the least N segment, over N. */
  instructions: number;
  /** The next-least 2N segment's excess over the least, relative to the N iterations' count. */
  check: number;
  n: number;
}

export const CALLGRIND_RESULTS = new URL('./callgrind-results.json', import.meta.url);
