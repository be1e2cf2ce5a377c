// The gob codec on its own: number encodings from the encoding/gob documentation, values through an
// encoder and a decoder as one connection would carry them, inference, explicit types and refusals.
import { describe, expect, test } from 'vitest';
import { gob, GobValue, isRpcError, type GobType } from '../../platforms/entries/node.js';
import { GobDecoder } from '../../src/protocols/gob/gob-decoder.js';
import { GobEncoder } from '../../src/protocols/gob/gob-encoder.js';
import { GobReader, GobWriter, gobFrameSpec, messageBody } from '../../src/protocols/gob/gob-primitives.js';
import { createHeaderFrameDecoder } from '../../src/framing/header-frame-decoder.js';

const LIMITS = { maxDepth: 32, maxLength: 1 << 20, maxTypes: 64, maxFields: 64, maxFrameSize: 1 << 20 };

const hex = (write: (w: GobWriter) => void): string => {
  const w = new GobWriter();
  write(w);
  return Buffer.from(w.finish()).toString('hex');
};

/** A connection in miniature: values through one encoder, bytes through one decoder. */
function link(limits = LIMITS) {
  const encoder = new GobEncoder(limits);
  const frames = createHeaderFrameDecoder(gobFrameSpec, limits.maxFrameSize);
  const decoder = new GobDecoder(limits);
  return {
    send(value: unknown, type?: GobType): unknown[] {
      const out: unknown[] = [];
      for (const frame of frames.decode(encoder.encode([[value, type]]))) {
        const message = decoder.read(messageBody(frame));
        if (message.kind === 'value') out.push(message.value);
        if (message.kind === 'bad-value') throw message.error;
      }
      return out;
    },
    encoder,
  };
}

describe('gob numbers, as the encoding/gob documentation gives them', () => {
  test('unsigned: one byte below 128, else the negated byte count and big-endian bytes', () => {
    expect(hex((w) => w.uint(0))).toBe('00');
    expect(hex((w) => w.uint(127))).toBe('7f');
    expect(hex((w) => w.uint(128))).toBe('ff80');
    expect(hex((w) => w.uint(256))).toBe('fe0100');
    expect(hex((w) => w.uint(2n ** 64n - 1n))).toBe('f8ffffffffffffffff');
  });

  test('signed: the sign in bit 0 (-1 → 1, 1 → 2, -129 → 257), 64-bit extremes as bigint', () => {
    expect(hex((w) => w.int(-1))).toBe('01');
    expect(hex((w) => w.int(1))).toBe('02');
    expect(hex((w) => w.int(-129))).toBe('fe0101');
    expect(hex((w) => w.int(-(2n ** 63n)))).toBe('f8ffffffffffffffff');
    const reader = new GobReader(Buffer.from('f8fffffffffffffffff8fffffffffffffffe0c', 'hex'));
    expect([reader.int(), reader.int(), reader.int()]).toEqual([-(2n ** 63n), 2n ** 63n - 1n, 6]);
  });

  test('floats: the IEEE bytes reversed, so 17.0 is FE 31 40 and 2.0 one byte', () => {
    expect(hex((w) => w.float(17))).toBe('fe3140');
    expect(hex((w) => w.float(2))).toBe('40');
    expect(hex((w) => w.float(0))).toBe('00');
    for (const value of [17, 2, 0, -0.125, Math.PI, 1e-300, -Infinity, Number.MAX_VALUE]) {
      const w = new GobWriter();
      w.float(value);
      expect(new GobReader(w.finish()).float()).toBe(value);
    }
    const w = new GobWriter();
    w.float(NaN);
    expect(new GobReader(w.finish()).float()).toBeNaN();
  });
});

describe('values through an encoder and a decoder', () => {
  test('inferred: objects → structs, whole numbers → int, others → float64, bigint, bytes, Map, nested', () => {
    const { send } = link();
    const value = { Name: 'ü ✓', Count: 3, Ratio: 0.5, Big: 2n ** 60n, Bytes: Uint8Array.of(1, 2), Tags: ['a', 'b'], Ok: true, Inner: { X: -1 }, ByKey: new Map([['k', 1]]) };
    expect(send(value)).toEqual([value]);
  });

  test('zero values are left out on the wire and come back as zero values of the type (a struct left out was a nil pointer: null)', () => {
    const type = gob.struct('Z', { N: gob.int, S: gob.string, B: gob.bool, F: gob.float, L: gob.slice(gob.int), M: gob.map(gob.string, gob.int), P: gob.struct('P', {}), Y: gob.bytes, I: gob.interface });
    expect(send(gob.value(type, {}), type)).toEqual([{ N: 0, S: '', B: false, F: 0, L: [], M: new Map(), P: null, Y: new Uint8Array(0), I: null }]);
    function send(value: unknown, t: GobType) {
      return link().send(value, t);
    }
  });

  test('-0 is inferred as float64 (as int it would arrive as 0), alone and in a slice', () => {
    const { send } = link();
    expect(Object.is(send(-0)[0], -0)).toBe(true);
    const [slice] = send([-0, 2]) as [number[]];
    expect(Object.is(slice[0], -0)).toBe(true);
    expect(slice[1]).toBe(2);
  });

  test('arrays unify their elements: ints and floats → []float64, mixed kinds → []interface{} with Go basic names', () => {
    const { send } = link();
    expect(send([1, 2.5, 3])).toEqual([[1, 2.5, 3]]);
    expect(send([1, 'two', true, Uint8Array.of(3)])).toEqual([[1, 'two', true, Uint8Array.of(3)]]);
    expect(send([{ A: 1 }, { B: 'x' }])).toEqual([[{ A: 1, B: '' }, { A: 0, B: 'x' }]]);
  });

  test('explicit types: a whole float stays float64, uint, arrays, complex, and a type that refers to itself', () => {
    const { send } = link();
    expect(send(gob.value(gob.float, 2))).toEqual([2]);
    expect(send(gob.value(gob.uint, 2n ** 64n - 1n))).toEqual([2n ** 64n - 1n]);
    expect(send(gob.value(gob.array(gob.int, 2), [0, 5]))).toEqual([[0, 5]]);
    expect(send(gob.value(gob.complex, { real: 1, imag: -1 }))).toEqual([{ real: 1, imag: -1 }]);
    const node: GobType = gob.struct('Node', () => ({ Value: gob.int, Next: node }));
    expect(send(gob.value(node, { Value: 1, Next: { Value: 2, Next: null } }))).toEqual([{ Value: 1, Next: { Value: 2, Next: null } }]);
  });

  test('interface{} fields: basic values by their Go names, others by gob.named', () => {
    const { send } = link();
    const point = gob.struct('Point', { X: gob.int, Y: gob.int });
    const type = gob.struct('Box', { A: gob.interface, B: gob.interface, C: gob.interface });
    expect(send(gob.value(type, { A: 'text', B: gob.named('main.Point', point, { X: 1, Y: 2 }), C: null }))).toEqual([{ A: 'text', B: { X: 1, Y: 2 }, C: null }]);
  });

  test("a value Go splits around an interface's first type definition is read whole (bytes from Go 1.19)", () => {
    // gob.NewEncoder(w).Encode(R{Name: "a", Any: Point{3, -4}}) with gob.Register(Point{}): the message
    // holding R ends right after Point's definition, and the interface value goes on in the next one.
    const bytes = Buffer.from('20ff81030101015201ff8200010201044e616d65010c000103416e79011000000030ff82010161010a6d61696e2e506f696e74ff8303010105506f696e7401ff84000102010158010400010159010400000009ff8405010601070000', 'hex');
    const frames = createHeaderFrameDecoder(gobFrameSpec, 1024);
    const decoder = new GobDecoder(LIMITS);
    const messages = frames.decode(bytes).map((frame) => decoder.read(messageBody(frame)));
    expect(messages).toEqual([{ kind: 'type' }, { kind: 'type' }, { kind: 'value', value: { Name: 'a', Any: { X: 3, Y: -4 } } }]);
  });

  test('type definitions go once per connection; a later value of the same shape sends none', () => {
    const { encoder } = link();
    const first = encoder.encode([[{ A: 1 }]]);
    const second = encoder.encode([[{ A: 2 }]]);
    expect(second.byteLength).toBeLessThan(first.byteLength);
    expect(Buffer.from(second).toString('hex')).toBe('05ff82010400');
  });
});

describe('refusals', () => {
  test('a value that does not fit its type is BAD_REQUEST naming the field; nothing is half-sent', () => {
    const { send } = link();
    const type = gob.struct('T', { N: gob.int, Inner: gob.struct('In', { S: gob.string }) });
    expect(() => send(gob.value(type, { N: 1, Inner: { S: 5 } }))).toThrow(/the value\.Inner\.S is number, which cannot be sent as string/);
    // The failed value's type definitions were taken back: the next one defines them again.
    expect(send(gob.value(type, { N: 1, Inner: { S: 'ok' } }))).toEqual([{ N: 1, Inner: { S: 'ok' } }]);
  });

  test('unsafe or fractional numbers for int, negative for uint, and a struct in interface{} without a name', () => {
    const { send } = link();
    for (const [value, type] of [
      [1.5, gob.int],
      [2 ** 60, gob.int],
      [-1, gob.uint],
      [2n ** 64n, gob.uint],
    ] as const) {
      expect(() => send(new GobValue(type, value))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    }
    expect(() => send(gob.value(gob.struct('B', { I: gob.interface }), { I: { X: 1 } }))).toThrow(/gob\.named/);
  });

  test('functions, symbols and values nested past maxDepth cannot be inferred', () => {
    const { send } = link();
    expect(() => send({ f: () => 1 })).toThrow(/cannot infer a gob type for function/);
    const cyclic: Record<string, unknown> = { A: 1 };
    cyclic.Self = cyclic;
    expect(() => send(cyclic)).toThrow(/maxDepth/);
  });

  test('a message over maxFrameSize is FRAME_TOO_LARGE', () => {
    const { send } = link({ ...LIMITS, maxFrameSize: 64 });
    try {
      send('x'.repeat(100));
      expect.unreachable();
    } catch (error) {
      expect(isRpcError(error) && error.code).toBe('FRAME_TOO_LARGE');
    }
  });
});
