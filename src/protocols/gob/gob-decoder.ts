import { RpcError } from '../../errors.js';
import { GobReader } from './gob-primitives.js';
import { BASIC_KIND_BY_ID, WIRE_TYPE_ID, type GobComplex } from './gob-types.js';
import { ReceivedTypes, readStruct, type TypeLimits, type WireDef } from './gob-wire-types.js';

/** Limits on what one gob stream may make this side build. */
export interface GobDecodeLimits extends TypeLimits {
  /** Nesting of slices, maps, structs and interfaces inside one value. */
  readonly maxDepth: number;
  /** Longest string, byte slice or element count (a message's own size bounds it too). */
  readonly maxLength: number;
}

/** Thrown inside a value whose rest is in the next message. */
const CONTINUES = Symbol('continues in the next message');

/** What one message held: a type definition (kept for later values) or a value. */
export type GobMessage = { readonly kind: 'type' } | { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'bad-value'; readonly error: RpcError };

/**
 * Decodes one direction of a gob stream, message by message (each without its byte count, which the
 * framing decoder strips). No Go types are needed: a struct becomes a plain object with every field of
 * its definition (left-out ones at their zero value: 0, '', false, empty `Uint8Array`, `[]`, empty
 * `Map`; `null` for structs, arrays and interfaces, which Go leaves out only when nil), `[]byte` a
 * `Uint8Array`, a map a `Map` (so it goes back as a map), complex `{ real, imag }`, and 64-bit integers
 * a `number` when safe, a `bigint` otherwise. A value that cannot be read is `bad-value` and leaves the
 * stream in step (the message is skipped whole); a bad type definition throws, as the stream's state
 * is then unknown.
 */
export class GobDecoder {
  private readonly types: ReceivedTypes;
  /** A value message that ended inside an interface, right after a type definition (see interfaceValue). */
  private continued: { head: Uint8Array; joins: number[] } | undefined;

  constructor(private readonly limits: GobDecodeLimits) {
    this.types = new ReceivedTypes(limits);
  }

  read(message: Uint8Array): GobMessage {
    let bytes = message;
    let joins: number[] = [];
    if (this.continued !== undefined) {
      const { head, joins: earlier } = this.continued;
      this.continued = undefined;
      if (head.byteLength + message.byteLength > this.limits.maxLength) throw new RpcError('FRAME_TOO_LARGE', `gob: a value spread over messages exceeds ${this.limits.maxLength} bytes`);
      bytes = new Uint8Array(head.byteLength + message.byteLength);
      bytes.set(head);
      bytes.set(message, head.byteLength);
      joins = [...earlier, head.byteLength];
    }
    const reader = new GobReader(bytes, joins);
    const mark = this.types.mark();
    const id = reader.smallInt('type id');
    if (id < 0) {
      this.types.define(reader, -id);
      if (reader.remaining > 0) throw new RpcError('BAD_REQUEST', `gob: ${reader.remaining} bytes follow the definition of type ${-id}; the stream is corrupt`);
      return { kind: 'type' };
    }
    try {
      const value = this.topLevel(reader, id, 0);
      if (reader.remaining > 0) throw new RpcError('BAD_REQUEST', `gob: ${reader.remaining} bytes follow a value of type ${id}; the stream is corrupt`);
      return { kind: 'value', value };
    } catch (error) {
      if (error === CONTINUES) {
        // Read it again, whole, once the next message is here; the types it defined come again too.
        this.types.rollback(mark);
        this.continued = { head: bytes, joins };
        return { kind: 'type' };
      }
      return { kind: 'bad-value', error: RpcError.from(error, 'BAD_REQUEST') };
    }
  }

  /** A value as it stands alone (top level, or inside an interface): a struct, or `0` then the value. */
  private topLevel(reader: GobReader, id: number, depth: number): unknown {
    if (this.types.get(id)?.kind === 'struct') return this.value(reader, id, depth);
    if (reader.count('the singleton marker', 0) !== 0) throw new RpcError('BAD_REQUEST', 'gob: a non-struct value must start with 0');
    return this.value(reader, id, depth);
  }

  private value(reader: GobReader, id: number, depth: number): unknown {
    const basic = BASIC_KIND_BY_ID.get(id);
    if (basic !== undefined) {
      switch (basic) {
        case 'bool':
          return reader.uint() !== 0;
        case 'int':
          return reader.int();
        case 'uint':
          return reader.uint();
        case 'float':
          return reader.float();
        case 'bytes':
          return reader.bytesOf(this.limits.maxLength);
        case 'string':
          return reader.string(this.limits.maxLength);
        case 'complex':
          return { real: reader.float(), imag: reader.float() } satisfies GobComplex;
        case 'interface':
          return this.interfaceValue(reader, depth + 1);
      }
    }
    const def = this.types.get(id);
    if (def === undefined) {
      const why = id === WIRE_TYPE_ID || id < 16 ? "is gob's own and not a value type" : 'was never defined on this connection';
      throw new RpcError('BAD_REQUEST', `gob: type id ${id} ${why}; the stream is corrupt or out of step`);
    }
    if (depth >= this.limits.maxDepth) throw new RpcError('BAD_REQUEST', `gob: a value is nested deeper than maxDepth (${this.limits.maxDepth})`);
    return this.composite(reader, def, depth + 1);
  }

  private composite(reader: GobReader, def: WireDef, depth: number): unknown {
    switch (def.kind) {
      case 'opaque':
        return reader.bytesOf(this.limits.maxLength);
      case 'slice':
      case 'array': {
        const length = reader.count(`the length of ${def.name || 'a slice'}`, this.limits.maxLength, 1);
        if (def.kind === 'array' && length !== def.length) throw new RpcError('BAD_REQUEST', `gob: array ${def.name} has ${length} elements, its type says ${def.length}`);
        const items = new Array<unknown>(length);
        for (let i = 0; i < length; i++) items[i] = this.value(reader, def.elem, depth);
        return items;
      }
      case 'map': {
        const length = reader.count(`the size of ${def.name || 'a map'}`, this.limits.maxLength, 2);
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < length; i++) map.set(this.value(reader, def.key, depth), this.value(reader, def.elem, depth));
        return map;
      }
      case 'struct': {
        const record: Record<string, unknown> = {};
        const seen = new Set<number>();
        readStruct(reader, def.name || 'a struct', (index) => {
          const field = def.fields[index];
          if (field === undefined) throw new RpcError('BAD_REQUEST', `gob: struct ${def.name} has ${def.fields.length} fields, the value names field ${index + 1}`);
          seen.add(index);
          record[field.name] = this.value(reader, field.id, depth);
        });
        def.fields.forEach((field, index) => {
          if (!seen.has(index)) record[field.name] = this.zero(field.id);
        });
        return record;
      }
    }
  }

  /** Go's zero value for a field it left out. */
  private zero(id: number): unknown {
    switch (BASIC_KIND_BY_ID.get(id)) {
      case 'bool':
        return false;
      case 'int':
      case 'uint':
      case 'float':
        return 0;
      case 'string':
        return '';
      case 'bytes':
        return new Uint8Array(0);
      case 'complex':
        return { real: 0, imag: 0 } satisfies GobComplex;
      case 'interface':
        return null;
    }
    const def = this.types.get(id);
    if (def?.kind === 'slice') return [];
    if (def?.kind === 'map') return new Map();
    return null;
  }

  /** An `interface{}`: its registered name (empty for nil), type definitions, the id, a byte count, the value. */
  private interfaceValue(reader: GobReader, depth: number): unknown {
    const nameLength = reader.count('an interface type name length', 1024, 1);
    if (nameLength === 0) return null;
    reader.skip(nameLength);
    let id = reader.smallInt('type id');
    // Go defines the concrete type here the first time: its definition ends the message, and the
    // value goes on in the next one (or, nested, after a byte count in this one).
    while (id < 0) {
      this.types.define(reader, -id);
      if (reader.remaining === 0) throw CONTINUES;
      if (!reader.atJoin) reader.uint();
      id = reader.smallInt('type id');
    }
    const inner = new GobReader(reader.bytesOf(this.limits.maxLength)); // the byte count, then the value
    if (depth >= this.limits.maxDepth) throw new RpcError('BAD_REQUEST', `gob: a value is nested deeper than maxDepth (${this.limits.maxDepth})`);
    const value = this.topLevel(inner, id, depth);
    if (inner.remaining > 0) throw new RpcError('BAD_REQUEST', 'gob: an interface value is followed by stray bytes; the stream is corrupt');
    return value;
  }
}
