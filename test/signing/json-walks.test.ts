/**
 * The value walks of the JSON writer and reader list keys with `for…in` (no key arrays): with
 * `Object.prototype` polluted by an enumerable property they give the same bytes and the same refusals
 * as without, and a clean prototype is seen as clean.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseJson, prototypeIsPolluted, toPythonJson } from '../../src/signing/json.js';
import { jsonObjects } from '../arbitraries.js';

const REFUSED_ON_WRITE: unknown[] = [
  { a: { constructor: 1 } },
  { a: [1, undefined] },
  { a: Object.assign([1], { extra: 2 }) },
  { a: new Map() },
  { a: Number.NaN },
];
const REFUSED_ON_READ = ['{"a":{"constructor":1}}', '{"a":1e400}', `${'['.repeat(40)}${']'.repeat(40)}`];

function outcomes() {
  const written = REFUSED_ON_WRITE.map((value) => {
    try {
      return toPythonJson(value);
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  const read = REFUSED_ON_READ.map((text) => {
    try {
      return JSON.stringify(parseJson(text));
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  return { written, read };
}

function withPollutedPrototype<T>(run: () => T): T {
  Object.defineProperty(Object.prototype, 'polluted', {
    value: { bad: Number.NaN },
    enumerable: true,
    configurable: true,
  });
  try {
    return run();
  } finally {
    delete (Object.prototype as { polluted?: unknown }).polluted;
  }
}

describe('JSON walks and a polluted Object.prototype', () => {
  test('a clean prototype is seen as clean, a polluted one as polluted', () => {
    assert.equal(prototypeIsPolluted(), false);
    assert.equal(
      withPollutedPrototype(() => prototypeIsPolluted()),
      true,
    );
  });

  test('the same refusals, with the same messages', () => {
    const clean = outcomes();
    assert.deepEqual(withPollutedPrototype(outcomes), clean);
    // Each is refused: an error's name and message, never JSON text.
    for (const outcome of [...clean.written, ...clean.read]) assert.match(outcome, /^(TypeError|Payload\w+): /);
  });

  test('property: the same bytes written and the same values read', () => {
    fc.assert(
      fc.property(jsonObjects(), (value) => {
        const text = toPythonJson(value);
        const [pollutedText, pollutedRead] = withPollutedPrototype(() => [toPythonJson(value), parseJson(text)]);
        assert.equal(pollutedText, text);
        assert.deepEqual(pollutedRead, parseJson(text));
      }),
      { numRuns: 300 },
    );
  });
});
