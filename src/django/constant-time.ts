/**
 * Django's `constant_time_compare`: equality of the UTF-8 bytes of two strings, in time that depends on
 * their lengths only. Plain code, so it runs on every runtime (node:crypto's `timingSafeEqual` refuses
 * buffers of different lengths, and Web Crypto has no comparison).
 */
const encoder = new TextEncoder();

/** Whether `a` and `b` are the same string, compared without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let difference = x.length ^ y.length;
  for (let i = 0; i < length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}
