/**
 * gob's type model: the basic types every stream predefines (with their fixed ids), and the composite
 * types (slice, array, map, struct) that a stream defines once per connection and then refers to by
 * id. The same {@link GobType} describes what the encoder sends and is what `gob.*` builds for
 * callers who need to say a type explicitly.
 */

/** The types with fixed ids on every stream. `bytes` is Go's `[]byte`; `interface` is `interface{}`. */
export type GobBasicKind = 'bool' | 'int' | 'uint' | 'float' | 'bytes' | 'string' | 'complex' | 'interface';

/** One field of a gob struct type. */
export interface GobField {
  /** The field's Go name; Go matches struct fields by name. */
  readonly name: string;
  /** The field's gob type. */
  readonly type: GobType;
}

/**
 * A gob type. Composite types carry a `name` (Go's type name, e.g. `'Args'`; it is informational, as
 * Go matches struct fields by name, not types by name). A struct's `fields` may be a function so that
 * a type can refer to itself (`type Node struct { Next *Node }`).
 */
export type GobType =
  | {
      /** One of the predefined basic types. */
      readonly kind: GobBasicKind;
    }
  | {
      /** A Go slice, `[]T`. */
      readonly kind: 'slice';
      /** Go's type name, or `''` for an unnamed slice. */
      readonly name: string;
      /** The element type `T`. */
      readonly elem: GobType;
    }
  | {
      /** A Go array, `[N]T`. */
      readonly kind: 'array';
      /** Go's type name, or `''` for an unnamed array. */
      readonly name: string;
      /** The element type `T`. */
      readonly elem: GobType;
      /** The array's length `N`. */
      readonly length: number;
    }
  | {
      /** A Go map, `map[K]V`. */
      readonly kind: 'map';
      /** Go's type name, or `''` for an unnamed map. */
      readonly name: string;
      /** The key type `K`. */
      readonly key: GobType;
      /** The value type `V`. */
      readonly elem: GobType;
    }
  | {
      /** A Go struct. */
      readonly kind: 'struct';
      /** Go's type name, e.g. `'Args'` (informational). */
      readonly name: string;
      /** The fields in Go's order, or a function returning them, for a type that refers to itself. */
      readonly fields: readonly GobField[] | (() => readonly GobField[]);
    };

/** The id of each predefined type on the wire. */
export const BASIC_TYPE_IDS: Readonly<Record<GobBasicKind, number>> = {
  bool: 1,
  int: 2,
  uint: 3,
  float: 4,
  bytes: 5,
  string: 6,
  complex: 7,
  interface: 8,
};

/** The predefined type of each basic id. */
export const BASIC_KIND_BY_ID: ReadonlyMap<number, GobBasicKind> = /* @__PURE__ */ new Map(/* @__PURE__ */ Object.entries(BASIC_TYPE_IDS).map(([kind, id]) => [id, kind as GobBasicKind]));

/** The id of the `wireType` struct that type definitions are written as. */
export const WIRE_TYPE_ID = 16;
/** Ids below this are gob's own; a stream defines its types from here up. */
export const FIRST_USER_TYPE_ID = 65;

/** A struct type's fields, resolving the lazy form. */
export function fieldsOf(type: Extract<GobType, { kind: 'struct' }>): readonly GobField[] {
  return typeof type.fields === 'function' ? type.fields() : type.fields;
}

/** Go's spelling of a type, for names and error messages: `int`, `[]string`, `map[string]int`, `Args`. */
export function goTypeName(type: GobType): string {
  switch (type.kind) {
    case 'slice':
    case 'array':
    case 'map':
    case 'struct':
      if (type.name !== '') return type.name;
      if (type.kind === 'slice') return `[]${goTypeName(type.elem)}`;
      if (type.kind === 'array') return `[${type.length}]${goTypeName(type.elem)}`;
      if (type.kind === 'map') return `map[${goTypeName(type.key)}]${goTypeName(type.elem)}`;
      return 'struct {…}';
    case 'float':
      return 'float64';
    case 'bytes':
      return '[]uint8';
    case 'complex':
      return 'complex128';
    case 'interface':
      return 'interface {}';
    default:
      return type.kind;
  }
}

/** A value with the gob type to send it as, where inference would guess wrong (see {@link gob}). */
export class GobValue {
  constructor(
    /** The gob type to send the value as. */
    readonly type: GobType,
    /** The value to send. */
    readonly value: unknown,
    /** The name the type is registered under in Go (`gob.Register`), for values inside `interface{}`. */
    readonly registeredName?: string,
  ) {}
}

/** A complex number as gob carries it (Go's `complex128`). */
export interface GobComplex {
  /** The real part. */
  real: number;
  /** The imaginary part. */
  imag: number;
}

const basic = <K extends GobBasicKind>(
  kind: K,
): {
  /** The basic type this stands for. */
  readonly kind: K;
} => Object.freeze({ kind });

/**
 * Builders for explicit gob types, and `gob.value(type, value)` to send a value as one:
 * `gob.value(gob.struct('Args', { A: gob.int, B: gob.int }), { A: 7, B: 8 })`.
 */
export const gob = {
  /** Go's `bool`: a `boolean`. */
  bool: /* @__PURE__ */ basic('bool'),
  /** Any Go signed integer (`int`, `int8` … `int64`). */
  int: /* @__PURE__ */ basic('int'),
  /** Any Go unsigned integer (`uint`, `uint8` … `uint64`, `uintptr`). */
  uint: /* @__PURE__ */ basic('uint'),
  /** `float64` or `float32`. */
  float: /* @__PURE__ */ basic('float'),
  /** `[]byte`: a `Uint8Array`. */
  bytes: /* @__PURE__ */ basic('bytes'),
  /** Go's `string`: a `string` (UTF-8). */
  string: /* @__PURE__ */ basic('string'),
  /** `complex128` or `complex64`: `{ real, imag }`. */
  complex: /* @__PURE__ */ basic('complex'),
  /** `interface{}`: the value goes with its registered type name (see `gob.named`). */
  interface: /* @__PURE__ */ basic('interface'),
  /** A slice `[]elem`, optionally under a Go type name (needed to send an empty array). */
  slice: (elem: GobType, name = ''): GobType => ({ kind: 'slice', name, elem }),
  /** An array `[length]elem`, optionally under a Go type name. */
  array: (elem: GobType, length: number, name = ''): GobType => ({ kind: 'array', name, elem, length }),
  /** A map `map[key]elem`, optionally under a Go type name; takes a `Map` or a plain object. */
  map: (key: GobType, elem: GobType, name = ''): GobType => ({ kind: 'map', name, key, elem }),
  /** A struct; `fields` in Go's order, or a function returning them for a type that refers to itself. */
  struct: (name: string, fields: Readonly<Record<string, GobType>> | (() => Readonly<Record<string, GobType>>)): GobType => {
    const list = (record: Readonly<Record<string, GobType>>): GobField[] => Object.entries(record).map(([field, type]) => ({ name: field, type }));
    if (typeof fields !== 'function') return { kind: 'struct', name, fields: list(fields) };
    let resolved: GobField[] | undefined;
    return { kind: 'struct', name, fields: () => (resolved ??= list(fields())) };
  },
  /** `value` sent as `type`. */
  value: (type: GobType, value: unknown): GobValue => new GobValue(type, value),
  /** `value` of `type` inside an `interface{}`, under the name Go registered it with (`gob.Register`). */
  named: (registeredName: string, type: GobType, value: unknown): GobValue => new GobValue(type, value, registeredName),
} as const;
