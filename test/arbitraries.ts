/** fast-check arbitraries shared by the property tests and the Django cross-check. */
import fc from 'fast-check';
import type { JsonValue } from '../src/signing/index.js';

/** Keys a session may hold: any string but `__proto__` and `constructor` (refused by design). */
export const jsonKey = fc
  .string({ unit: 'binary', maxLength: 8 })
  .filter((k) => k !== '__proto__' && k !== 'constructor');

/** JSON objects as a session holds them: any safe integer or finite double, any string, bounded depth. */
export function jsonObjects({ maxDepth = 4, maxKeys = 8, maxString = 24 } = {}): fc.Arbitrary<
  Record<string, JsonValue>
> {
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit: 'binary', maxLength: maxString }),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(jsonKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    ),
  }));
  return fc.dictionary(jsonKey, value, { maxKeys, noNullPrototype: true }) as fc.Arbitrary<Record<string, JsonValue>>;
}
