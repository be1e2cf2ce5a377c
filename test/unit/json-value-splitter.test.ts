import { describe, expect, test } from 'vitest';
import { createJsonValueSplitter, type SplitValue } from '../../src/internal.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** What came out, as text for values and `{ oversized }` for refused ones. */
function describeAll(items: SplitValue[]): Array<string | { oversized: number }> {
  return items.map((item) => ('bytes' in item ? decoder.decode(item.bytes) : { oversized: item.oversized }));
}

// Go's encoder output (newline after each), values back to back, pretty-printed and tricky strings.
const values = [
  '{"method":"Arith.Multiply","params":[{"A":7,"B":8}],"id":0}',
  '{"id":0,"result":56,"error":null}',
  '[1,[2,[3]],{"a":[]}]',
  '{"s":"braces } ] { [ inside, a quote \\" and a backslash \\\\"}',
  '"a top-level string with \\"escapes\\" and }"',
  '{"unicode":"ünïcødé ✓ 日本 🎉"}',
  '{\n  "pretty": [\n    1,\n    2\n  ]\n}',
  'true',
  '-12.5e3',
  'null',
];
const stream = `${values[0]}\n${values[1]}\n${values[2]}${values[3]}  ${values[4]}\r\n${values[5]}\t${values[6]}\n${values[7]} ${values[8]}\n${values[9]}\n`;

describe('JSON value stream splitter', () => {
  test('cuts newline-delimited and back-to-back values, strings with brackets and escapes, bare words', () => {
    const splitter = createJsonValueSplitter(1 << 20);
    expect(describeAll(splitter.push(bytes(stream)))).toEqual(values);
    expect(splitter.bufferedBytes).toBe(0);
  });

  test('values inside one chunk come out as views of it, without copies', () => {
    const chunk = bytes(`${values[0]}\n${values[1]}\n`);
    const [first] = createJsonValueSplitter(1024).push(chunk);
    expect('bytes' in first! && first.bytes.buffer).toBe(chunk.buffer);
  });

  test('gives the same values when fed one byte at a time (multi-byte characters split too)', () => {
    const splitter = createJsonValueSplitter(1 << 20);
    const out: SplitValue[] = [];
    for (const byte of bytes(stream)) out.push(...splitter.push(Uint8Array.of(byte)));
    expect(describeAll(out)).toEqual(values);
  });

  test('gives the same values across every split point of the stream', () => {
    const all = bytes(stream);
    for (let cut = 0; cut <= all.length; cut++) {
      const splitter = createJsonValueSplitter(1 << 20);
      const out = [...splitter.push(all.subarray(0, cut)), ...splitter.push(all.subarray(cut))];
      expect(describeAll(out), `cut at ${cut}`).toEqual(values);
    }
  });

  test('a bare word waits for its delimiter, since more digits may follow', () => {
    const splitter = createJsonValueSplitter(1024);
    expect(splitter.push(bytes('12'))).toEqual([]);
    expect(splitter.bufferedBytes).toBe(2);
    expect(describeAll(splitter.push(bytes('34\n')))).toEqual(['1234']);
  });

  test('garbage comes out as values that will not parse, and the stream resumes after it', () => {
    const splitter = createJsonValueSplitter(1024);
    const out = describeAll(splitter.push(bytes('nonsense } {"ok":1}\n]{"ok":2}')));
    expect(out).toEqual(['nonsense', '}', '{"ok":1}', ']', '{"ok":2}']);
  });

  test('a value over the limit is counted and dropped unbuffered, then the next value is served', () => {
    const splitter = createJsonValueSplitter(64);
    const big = `{"pad":"${'x'.repeat(1000)}"}`;
    const out: SplitValue[] = [];
    // Fed in small chunks: the splitter never holds more than the limit.
    const all = bytes(`${big}\n{"next":true}\n`);
    for (let i = 0; i < all.length; i += 16) {
      out.push(...splitter.push(all.subarray(i, i + 16)));
      expect(splitter.bufferedBytes).toBeLessThanOrEqual(64);
    }
    expect(describeAll(out)).toEqual([{ oversized: big.length }, '{"next":true}']);
  });

  test('a value over the limit inside one chunk is refused too', () => {
    expect(describeAll(createJsonValueSplitter(10).push(bytes('{"a":"0123456789"} {"b":1}')))).toEqual([{ oversized: 18 }, '{"b":1}']);
  });

  test('an unterminated value stays pending, using no more than the limit', () => {
    const splitter = createJsonValueSplitter(100);
    for (let i = 0; i < 1000; i++) expect(splitter.push(bytes('[[[[[[[[[['))).toEqual([]);
    expect(splitter.bufferedBytes).toBe(0); // over the limit: counted, not kept
  });
});
