// The record the gob interop programs share (test/interop/go/gobshared), as isorpc decodes it and as
// an explicit gob type, so both directions can compare values field by field.
import { gob, type GobType } from '../../platforms/entries/node.js';

export const POINT_NAME = 'isorpc.test/interop/gobshared.Point';
export const PointType = gob.struct('Point', { X: gob.int, Y: gob.int });
export const InnerType = gob.struct('Inner', { Label: gob.string, Score: gob.float, Ok: gob.bool });
export const RecordType: GobType = gob.struct('Record', {
  Name: gob.string,
  Data: gob.bytes,
  Tags: gob.slice(gob.string),
  Counts: gob.map(gob.string, gob.int),
  Inner: InnerType,
  Ptr: InnerType,
  Nums: gob.slice(gob.int),
  Arr: gob.array(gob.int, 3),
  Big: gob.int,
  Neg: gob.int,
  U: gob.uint,
  F32: gob.float,
  C: gob.complex,
  Any: gob.interface,
  Zero: gob.int,
  Empty: gob.string,
  Matrix: gob.slice(gob.slice(gob.float)),
  ByID: gob.map(gob.int, gob.string),
  Items: gob.slice(InnerType),
});

/** gobshared.Sample() as isorpc decodes it. */
export const SAMPLE = {
  Name: 'héllo ✓ 日本 🎉',
  Data: Uint8Array.of(0, 1, 2, 255),
  Tags: ['a', '', 'ç'],
  Counts: new Map([
    ['one', 1],
    ['minus', -7],
    ['zero', 0],
  ]),
  Inner: { Label: 'in', Score: 2.5, Ok: true },
  Ptr: { Label: 'ptr', Score: -0.125, Ok: false },
  Nums: [0, 1, -1, 2 ** 40],
  Arr: [7, 0, 9],
  Big: -9007199254740993n,
  Neg: -2147483648,
  U: 18446744073709551615n,
  F32: 1.5,
  C: { real: 1.5, imag: -2 },
  Any: { X: 3, Y: -4 },
  Zero: 0,
  Empty: '',
  Matrix: [[1.25, 2], [3]],
  ByID: new Map([
    [1, 'x'],
    [-2, 'y'],
  ]),
  Items: [
    { Label: 'i0', Score: 0, Ok: false },
    { Label: '', Score: 1, Ok: false },
  ],
};

/** Record{} as isorpc decodes it: every field at Go's zero value. */
export const ZERO_RECORD = {
  Name: '',
  Data: new Uint8Array(0),
  Tags: [],
  Counts: new Map(),
  Inner: { Label: '', Score: 0, Ok: false },
  Ptr: null,
  Nums: [],
  Arr: [0, 0, 0],
  Big: 0,
  Neg: 0,
  U: 0,
  F32: 0,
  C: { real: 0, imag: 0 },
  Any: null,
  Zero: 0,
  Empty: '',
  Matrix: [],
  ByID: new Map(),
  Items: [],
};

/** A decoded record made ready to send back: its interface{} value named as Go registered it. */
export function sendable(record: Record<string, unknown>): Record<string, unknown> {
  return { ...record, Any: record.Any === null ? null : gob.named(POINT_NAME, PointType, record.Any) };
}
