/** CPU-time slices, the timer of the paired benches (bench/compare.ts, bench/targets.ts). */

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Mean CPU ns per call over a slice of about `sliceNs` of CPU time (the process's user + system time, so
 * the time this process waits for a core on a shared machine is left out). A plain loop: mitata's
 * per-sample machinery costs more than these operations.
 */
export async function cpuTime(op: () => unknown, isAsync: boolean, sliceNs: number): Promise<number> {
  let n = 0;
  const start = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < sliceNs) {
    for (let i = 0; i < 50; i++) {
      if (isAsync) await op();
      else op();
    }
    n += 50;
    const used = process.cpuUsage(start);
    elapsed = (used.user + used.system) * 1000;
  }
  return elapsed / n;
}
