import { RpcError } from '../../errors.js';
import { GobReader, GobWriter } from './gob-primitives.js';
import { BASIC_KIND_BY_ID, BASIC_TYPE_IDS, FIRST_USER_TYPE_ID, fieldsOf, goTypeName, type GobType } from './gob-types.js';

/**
 * Type definitions as they travel: a message `-id` then a `wireType` struct (fields ArrayT 1,
 * SliceT 2, StructT 3, MapT 4, GobEncoderT 5, BinaryMarshalerT 6, TextMarshalerT 7), each holding a
 * `CommonType{Name 1, Id 2}` as field 1, then `Elem`/`Len`, `Field []{Name, Id}` or `Key`/`Elem`.
 */

/** A received type definition; component types are ids, resolved when a value is read. */
export type WireDef =
  | { readonly kind: 'slice'; readonly name: string; readonly elem: number }
  | { readonly kind: 'array'; readonly name: string; readonly elem: number; readonly length: number }
  | { readonly kind: 'map'; readonly name: string; readonly key: number; readonly elem: number }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly { readonly name: string; readonly id: number }[] }
  /** A type with its own marshaller (GobEncoder, BinaryMarshaler, TextMarshaler): its value is bytes. */
  | { readonly kind: 'opaque'; readonly name: string };

/** Limits on what a peer may define. */
export interface TypeLimits {
  /** Types one connection may define. */
  readonly maxTypes: number;
  /** Fields one struct may declare. */
  readonly maxFields: number;
}

/** Field names refused in received structs: decoded structs are plain objects. */
const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_NAME = 1024;

/** Reads the fields of one struct encoding, calling `field` with each field number (0-based). */
export function readStruct(reader: GobReader, what: string, field: (index: number) => void): void {
  let index = -1;
  for (;;) {
    const delta = reader.count(`a field delta in ${what}`, 1 << 20);
    if (delta === 0) return;
    index += delta;
    field(index);
  }
}

function badField(what: string, index: number): RpcError {
  return new RpcError('BAD_REQUEST', `gob: ${what} has no field ${index + 1}; the type definition is corrupt`);
}

function readCommon(reader: GobReader): { name: string; id: number } {
  const common = { name: '', id: 0 };
  readStruct(reader, 'CommonType', (index) => {
    if (index === 0) common.name = reader.string(MAX_NAME);
    else if (index === 1) common.id = reader.smallInt('type id');
    else throw badField('CommonType', index);
  });
  return common;
}

/** The types received on one connection (one direction of a stream). */
export class ReceivedTypes {
  private readonly defs = new Map<number, WireDef>();
  private readonly order: number[] = [];
  constructor(private readonly limits: TypeLimits) {}

  /** A point to go back to with {@link rollback}. */
  mark(): number {
    return this.order.length;
  }

  /** Forgets the types defined since `mark`, for a value that will be read again. */
  rollback(mark: number): void {
    for (const id of this.order.splice(mark)) this.defs.delete(id);
  }

  get(id: number): WireDef | undefined {
    return this.defs.get(id);
  }

  /** Reads a definition of type `id` (the message's `-id` already read). */
  define(reader: GobReader, id: number): void {
    if (id < FIRST_USER_TYPE_ID || this.defs.has(id)) throw new RpcError('BAD_REQUEST', `gob: type ${id} is defined twice or is one of gob's own; the stream is corrupt`);
    if (this.defs.size >= this.limits.maxTypes) throw new RpcError('BAD_REQUEST', `gob: the peer defined more than ${this.limits.maxTypes} types on one connection; reconnect or raise maxTypes`);
    let def: WireDef | undefined;
    readStruct(reader, 'wireType', (index) => {
      if (def !== undefined) throw new RpcError('BAD_REQUEST', 'gob: a type definition holds two types; the stream is corrupt');
      def = this.readDef(reader, index);
    });
    if (def === undefined) throw new RpcError('BAD_REQUEST', `gob: the definition of type ${id} is empty; the stream is corrupt`);
    this.defs.set(id, def);
    this.order.push(id);
  }

  private readDef(reader: GobReader, kind: number): WireDef {
    let name = '';
    let elem = 0;
    let key = 0;
    let length = 0;
    const fields: { name: string; id: number }[] = [];
    const what = ['arrayType', 'sliceType', 'structType', 'mapType', 'gobEncoderType', 'gobEncoderType', 'gobEncoderType'][kind];
    if (what === undefined) throw badField('wireType', kind);
    readStruct(reader, what, (index) => {
      if (index === 0) return void (name = readCommon(reader).name);
      if (kind === 0 && index === 1) return void (elem = reader.smallInt('type id'));
      if (kind === 0 && index === 2) return void (length = reader.smallInt('array length'));
      if (kind === 1 && index === 1) return void (elem = reader.smallInt('type id'));
      if (kind === 3 && index === 1) return void (key = reader.smallInt('type id'));
      if (kind === 3 && index === 2) return void (elem = reader.smallInt('type id'));
      if (kind === 2 && index === 1) {
        const count = reader.count(`the field count of struct ${name}`, this.limits.maxFields, 1);
        for (let i = 0; i < count; i++) fields.push(this.readField(reader, name));
        return;
      }
      throw badField(what, index);
    });
    if (kind === 0) {
      if (length < 0) throw new RpcError('BAD_REQUEST', `gob: array type ${name} has a negative length`);
      return { kind: 'array', name, elem, length };
    }
    if (kind === 1) return { kind: 'slice', name, elem };
    if (kind === 2) return { kind: 'struct', name, fields };
    if (kind === 3) return { kind: 'map', name, key, elem };
    return { kind: 'opaque', name };
  }

  private readField(reader: GobReader, struct: string): { name: string; id: number } {
    const field = readCommon(reader);
    if (FORBIDDEN_FIELDS.has(field.name)) {
      throw new RpcError('BAD_REQUEST', `gob: struct ${struct} declares a field named "${field.name}", which isorpc refuses (it would reach the object's prototype)`);
    }
    return field;
  }
}

/** A key that is the same for two structurally equal types, so inferred types share one id. */
function typeKey(type: GobType, open: Set<GobType>): string {
  switch (type.kind) {
    case 'slice':
      return `[${type.name}]${typeKey(type.elem, open)}`;
    case 'array':
      return `[${type.name}:${type.length}]${typeKey(type.elem, open)}`;
    case 'map':
      return `{${type.name}:${typeKey(type.key, open)}:${typeKey(type.elem, open)}}`;
    case 'struct': {
      if (open.has(type)) return `@${type.name}`;
      open.add(type);
      const key = `S${type.name}(${fieldsOf(type).map((field) => `${field.name}:${typeKey(field.type, open)}`).join(',')})`;
      open.delete(type);
      return key;
    }
    default:
      return type.kind;
  }
}

/** The types this side has defined on one connection, and the definitions still to send. */
export class SentTypes {
  private readonly ids = new Map<string, number>();
  private byObject = new WeakMap<GobType, number>();
  private next = FIRST_USER_TYPE_ID;
  /** What was added since the last commit, so a message that fails half-way can be taken back. */
  private added: string[] = [];
  constructor(private readonly maxTypes: number) {}

  /** The definitions written since the last commit were sent. */
  commit(): void {
    this.added = [];
  }

  /** The definitions written since the last commit were dropped with the message that needed them. */
  rollback(): void {
    for (const key of this.added) this.ids.delete(key);
    this.next -= this.added.length;
    this.byObject = new WeakMap(); // a cache only: rebuilt from the keys
    this.added = [];
  }

  /**
   * The id of `type`, writing the definitions of it and of its components that this connection has not
   * seen yet to `out` (one gob message each, outer types first, as Go sends them).
   */
  idOf(type: GobType, out: (message: Uint8Array) => void): number {
    const queue: [number, GobType][] = [];
    const id = this.assign(type, queue);
    for (const [defId, def] of queue) out(this.definition(defId, def));
    return id;
  }

  private assign(type: GobType, queue: [number, GobType][]): number {
    if (type.kind in BASIC_TYPE_IDS) return BASIC_TYPE_IDS[type.kind as keyof typeof BASIC_TYPE_IDS];
    const known = this.byObject.get(type);
    if (known !== undefined) return known;
    const key = typeKey(type, new Set());
    let id = this.ids.get(key);
    if (id === undefined) {
      if (this.ids.size >= this.maxTypes) throw new RpcError('BAD_REQUEST', `gob: more than ${this.maxTypes} distinct types sent on one connection; describe values with shared gob types`);
      id = this.next++;
      this.ids.set(key, id);
      this.added.push(key);
      this.byObject.set(type, id);
      queue.push([id, type]);
      if (type.kind === 'struct') for (const field of fieldsOf(type)) this.assign(field.type, queue);
      else if (type.kind === 'map') {
        this.assign(type.key, queue);
        this.assign(type.elem, queue);
      } else if (type.kind === 'slice' || type.kind === 'array') this.assign(type.elem, queue);
    }
    this.byObject.set(type, id);
    return id;
  }

  private definition(id: number, type: GobType): Uint8Array {
    const w = new GobWriter();
    const ref = (component: GobType): number => this.assign(component, []);
    w.int(-id);
    const common = (): void => {
      w.uint(1);
      if (type.kind === 'slice' || type.kind === 'array' || type.kind === 'map' || type.kind === 'struct') {
        const name = type.kind === 'struct' ? type.name : goTypeName(type);
        if (name !== '') {
          w.uint(1);
          w.string(name);
          w.uint(1);
        } else w.uint(2);
      }
      w.int(id);
      w.uint(0);
    };
    switch (type.kind) {
      case 'array':
        w.uint(1);
        common();
        w.uint(1);
        w.int(ref(type.elem));
        if (type.length !== 0) {
          w.uint(1);
          w.int(type.length);
        }
        break;
      case 'slice':
        w.uint(2);
        common();
        w.uint(1);
        w.int(ref(type.elem));
        break;
      case 'struct': {
        w.uint(3);
        common();
        const fields = fieldsOf(type);
        if (fields.length > 0) {
          w.uint(1);
          w.uint(fields.length);
          for (const field of fields) {
            w.uint(1);
            w.string(field.name);
            w.uint(1);
            w.int(ref(field.type));
            w.uint(0);
          }
        }
        break;
      }
      case 'map':
        w.uint(4);
        common();
        w.uint(1);
        w.int(ref(type.key));
        w.uint(1);
        w.int(ref(type.elem));
        break;
      default:
        throw new RpcError('INTERNAL', `gob: ${type.kind} is predefined and has no definition`);
    }
    w.uint(0); // end of the sliceType/structType/…
    w.uint(0); // end of wireType
    return w.finish();
  }
}

/** The Go name of a basic type id, for error messages. */
export function basicName(id: number): string | undefined {
  const kind = BASIC_KIND_BY_ID.get(id);
  return kind === undefined ? undefined : goTypeName({ kind });
}
