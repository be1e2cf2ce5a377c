// checkDepth, which every decoded msgpack/JSON body passes: the exact boundary, byte arrays counting
// as a level, inherited keys ignored, and a hostile 200,000-deep value refused even with a limit so
// high that the walk itself would overflow the stack.
import { describe, expect, test } from 'vitest';
import { checkDepth } from '../../src/codec/depth-limit.js';

/** An array nested `depth` levels deep (depth 1 = a flat array), holding `leaf`. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = [leaf];
  for (let i = 1; i < depth; i++) value = i % 2 === 0 ? [value] : { next: value };
  return value;
}

describe('checkDepth', () => {
  test('a value exactly maxDepth deep passes and is returned as is; one level more is a RangeError naming the limit', () => {
    const ok = nested(8);
    expect(checkDepth(ok, 8)).toBe(ok);
    expect(() => checkDepth(nested(9), 8)).toThrow(new RangeError('the value is nested deeper than maxDepth (8)'));
  });

  test('primitives pass any limit, and a limit of 0 turns the check off', () => {
    expect(checkDepth('text', 1)).toBe('text');
    expect(checkDepth(null, 1)).toBe(null);
    expect(checkDepth(nested(50), 0)).toEqual(nested(50));
  });

  test('a byte array is one level (its bytes are not walked); keys on the prototype are not walked', () => {
    expect(checkDepth({ data: new Uint8Array(10_000) }, 2)).toEqual({ data: new Uint8Array(10_000) });
    expect(() => checkDepth({ a: { data: new Uint8Array(1) } }, 2)).toThrow(RangeError);
    const withInherited = Object.create({ inherited: nested(10) }) as Record<string, unknown>;
    withInherited.own = 1;
    expect(checkDepth(withInherited, 1)).toBe(withInherited);
  });

  test('a 200,000-deep value is refused with the RangeError, with the default limit and with a limit of 10⁷', () => {
    const hostile = nested(200_000);
    expect(() => checkDepth(hostile, 64)).toThrow(/maxDepth \(64\)/);
    expect(() => checkDepth(hostile, 10_000_000)).toThrow(new RangeError('the value is nested deeper than maxDepth (10000000)'));
  });
});
