/**
 * The lossless re-save's reader of top-level entries (src/signing/json-entries.ts): the fast cut at
 * top-level commas gives exactly what the slow reader gives, on Python's text, on text with whitespace
 * (JSON that Python's default separators or another writer produce), with escapes in keys and strings,
 * with duplicate keys; and text with an integer beyond 2^53 still takes the slow reader.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RawJson, readEntries, readEntriesLosslessly, toPythonJson } from '../../src/signing/json.js';
import { jsonObjects } from '../arbitraries.js';

const plain = (entries: Map<string, { raw: string; value: unknown }>) =>
  [...entries].map(([key, { raw, value }]) => [key, raw, value instanceof RawJson ? `raw:${value.text}` : value]);

/** Python's `json.dumps` default separators (", " and ": "), outside strings. */
function spaced(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|[,:]/g, (t) => (t === ',' ? ', ' : t === ':' ? ': ' : t));
}

describe('readEntries: the fast cut equals the slow reader', () => {
  test('property: on every JSON object as the writer writes it, compact and with spaces', () => {
    fc.assert(
      fc.property(jsonObjects(), fc.boolean(), (value, withSpaces) => {
        const compact = toPythonJson(value);
        const text = withSpaces ? ` ${spaced(compact)}\n` : compact;
        assert.deepEqual(plain(readEntries(text, 'refuse')), plain(readEntriesLosslessly(text, 'refuse')));
      }),
      { numRuns: 500 },
    );
  });

  test('escaped quotes and backslashes in keys and strings, nested brackets inside strings', () => {
    const text = String.raw`{"a\"b":"x\\","c":"}\"]","d\\":[{"e":"\\\""},"[{"],"\u00e9":1.0,"f":-0.0,"g":true}`;
    const entries = readEntries(text, 'refuse');
    assert.deepEqual(plain(entries), plain(readEntriesLosslessly(text, 'refuse')));
    assert.deepEqual([...entries.keys()], ['a"b', 'c', 'd\\', 'é', 'f', 'g']);
    assert.equal(entries.get('d\\')!.raw, String.raw`[{"e":"\\\""},"[{"]`);
    assert.equal(entries.get('é')!.raw, '1.0');
  });

  test('a duplicate key keeps its first place and its last value, as a Python dict does', () => {
    const text = '{"a":1,"b":2,"a":[3]}';
    assert.deepEqual(plain(readEntries(text, 'refuse')), [
      ['a', '[3]', [3]],
      ['b', '2', 2],
    ]);
    assert.deepEqual(plain(readEntries(text, 'refuse')), plain(readEntriesLosslessly(text, 'refuse')));
  });

  test('empty objects, and values at the end of the text', () => {
    assert.deepEqual(plain(readEntries('{}', 'refuse')), []);
    assert.deepEqual(plain(readEntries(' { } ', 'refuse')), []);
    assert.deepEqual(plain(readEntries('{"a":{},"b":[]}', 'refuse')), [
      ['a', '{}', {}],
      ['b', '[]', []],
    ]);
    assert.deepEqual(plain(readEntries('{"n":12}', 'refuse')), [['n', '12', 12]]);
  });

  test('an integer beyond 2^53 takes the slow reader: kept as text, or a BigInt', () => {
    const text = '{"id":18446744073709551616,"n":1}';
    assert.deepEqual(plain(readEntries(text, 'keep')), [
      ['id', '18446744073709551616', 'raw:18446744073709551616'],
      ['n', '1', 1],
    ]);
    assert.equal(readEntries(text, 'bigint').get('id')!.value, 18446744073709551616n);
  });

  test('text that is not one object gives what the slow reader gives: nothing, or its refusal', () => {
    assert.deepEqual(plain(readEntries('[1]', 'refuse')), plain(readEntriesLosslessly('[1]', 'refuse')));
    for (const text of ['{"a":1', '{"a" 1}', '{"a":1}x', '{"a":"1}']) {
      assert.throws(() => readEntries(text, 'refuse'), { name: 'PayloadError' }, text);
    }
  });
});
