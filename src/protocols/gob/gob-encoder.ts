import { RpcError } from '../../errors.js';
import { GobWriter } from './gob-primitives.js';
import { inferGobType } from './gob-infer.js';
import { fieldsOf, goTypeName, GobValue, type GobComplex, type GobType } from './gob-types.js';
import { SentTypes } from './gob-wire-types.js';

/** Limits on what one encoder sends. */
export interface GobEncodeLimits {
  readonly maxTypes: number;
  readonly maxDepth: number;
  /** Largest message, in bytes; over it is `FRAME_TOO_LARGE`. */
  readonly maxFrameSize: number;
}

const MAX_INT64 = 0x7fffffffffffffffn;
const MAX_UINT64 = 0xffffffffffffffffn;

function mismatch(type: GobType, value: unknown, path: string): RpcError {
  const shown = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new RpcError('BAD_REQUEST', `gob: ${path} is ${shown}, which cannot be sent as ${goTypeName(type)}; pass a matching value or a gob type with gob.value(type, value)`);
}

/** True when gob leaves this struct field out: the zero value of its type (structs and arrays are always sent, as in Go). */
function isZero(type: GobType, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  switch (type.kind) {
    case 'bool':
      return value === false;
    case 'int':
    case 'uint':
    case 'float':
      return value === 0 || value === 0n;
    case 'string':
      return value === '';
    case 'bytes':
      return value instanceof Uint8Array && value.byteLength === 0;
    case 'complex':
      return (value as GobComplex).real === 0 && (value as GobComplex).imag === 0;
    case 'slice':
      return Array.isArray(value) && value.length === 0;
    case 'map':
      // Decoded Go maps cannot tell nil from empty, so an empty one is sent as Go sends nil: not at all.
      return value instanceof Map ? value.size === 0 : typeof value === 'object' && Object.keys(value).length === 0;
    default:
      return false;
  }
}

/**
 * Encodes one direction of a gob stream: each value goes out as the definitions of the types this
 * connection has not seen yet, then the value, every message preceded by its byte count. Values take
 * an explicit {@link GobType}, or one inferred from the value (see `inferGobType`).
 */
export class GobEncoder {
  private readonly sent: SentTypes;

  constructor(private readonly limits: GobEncodeLimits) {
    this.sent = new SentTypes(limits.maxTypes);
  }

  /**
   * The stream bytes for `values` (each as its type, or inferred), each preceded by the type
   * definitions it needs. All or nothing: when one cannot be encoded, nothing counts as sent.
   */
  encode(values: readonly (readonly [value: unknown, type?: GobType])[]): Uint8Array {
    const out = new GobWriter();
    try {
      for (const [value, type] of values) this.append(out, value, type);
    } catch (error) {
      this.sent.rollback();
      throw RpcError.from(error, 'BAD_REQUEST');
    }
    this.sent.commit();
    return out.finish();
  }

  private append(out: GobWriter, value: unknown, type?: GobType): void {
    const resolved = type ?? inferGobType(value, this.limits.maxDepth);
    const plain = value instanceof GobValue ? value.value : value;
    const message = new GobWriter();
    const id = this.sent.idOf(resolved, (definition) => this.frame(out, definition));
    message.int(id);
    this.topLevel(message, resolved, plain, 0, out, 'the value');
    this.frame(out, message.finish());
  }

  private frame(out: GobWriter, message: Uint8Array): void {
    if (message.byteLength > this.limits.maxFrameSize) {
      throw new RpcError('FRAME_TOO_LARGE', `gob: a message of ${message.byteLength} bytes is over maxFrameSize (${this.limits.maxFrameSize}); send less or raise maxFrameSize`);
    }
    out.uint(message.byteLength);
    out.raw(message);
  }

  private topLevel(w: GobWriter, type: GobType, value: unknown, depth: number, defs: GobWriter, path: string): void {
    if (type.kind !== 'struct') w.uint(0);
    this.value(w, type, value, depth, defs, path);
  }

  private value(w: GobWriter, type: GobType, input: unknown, depth: number, defs: GobWriter, path: string): void {
    const value = input instanceof GobValue && type.kind !== 'interface' ? input.value : input;
    if (depth > this.limits.maxDepth) throw new RpcError('BAD_REQUEST', `gob: ${path} is nested deeper than maxDepth (${this.limits.maxDepth}), or refers to itself`);
    switch (type.kind) {
      case 'bool':
        if (typeof value !== 'boolean') throw mismatch(type, value, path);
        return w.uint(value ? 1 : 0);
      case 'int':
        if (typeof value === 'bigint' ? value < -MAX_INT64 - 1n || value > MAX_INT64 : !Number.isSafeInteger(value)) throw mismatch(type, value, path);
        return w.int(value as number | bigint);
      case 'uint':
        if (typeof value === 'bigint' ? value < 0n || value > MAX_UINT64 : !(Number.isSafeInteger(value) && (value as number) >= 0)) throw mismatch(type, value, path);
        return w.uint(value as number | bigint);
      case 'float':
        if (typeof value !== 'number') throw mismatch(type, value, path);
        return w.float(value);
      case 'complex': {
        const { real, imag } = (value ?? {}) as Partial<GobComplex>;
        if (typeof real !== 'number' || typeof imag !== 'number') throw mismatch(type, value, path);
        w.float(real);
        return w.float(imag);
      }
      case 'string':
        if (typeof value !== 'string') throw mismatch(type, value, path);
        return w.string(value);
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw mismatch(type, value, path);
        return w.bytes(value);
      case 'interface':
        return this.interfaceValue(w, value, depth + 1, defs, path);
      case 'slice':
      case 'array': {
        if (!Array.isArray(value)) throw mismatch(type, value, path);
        if (type.kind === 'array' && value.length !== type.length) throw new RpcError('BAD_REQUEST', `gob: ${path} has ${value.length} elements; ${goTypeName(type)} needs ${type.length}`);
        w.uint(value.length);
        value.forEach((item: unknown, i) => this.value(w, type.elem, item, depth + 1, defs, `${path}[${i}]`));
        return;
      }
      case 'map': {
        const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : typeof value === 'object' && value !== null ? Object.entries(value) : undefined;
        if (entries === undefined) throw mismatch(type, value, path);
        w.uint(entries.length);
        for (const [key, item] of entries) {
          // An object's keys are strings: a map with number keys takes them back as numbers.
          const typedKey = typeof key === 'string' && (type.key.kind === 'int' || type.key.kind === 'uint' || type.key.kind === 'float') ? Number(key) : key;
          this.value(w, type.key, typedKey, depth + 1, defs, `a key of ${path}`);
          this.value(w, type.elem, item, depth + 1, defs, `${path}[${String(key)}]`);
        }
        return;
      }
      case 'struct': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch(type, value, path);
        const record = value as Record<string, unknown>;
        let last = -1;
        fieldsOf(type).forEach((field, index) => {
          const item = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
          if (isZero(field.type, item instanceof GobValue ? item.value : item)) return;
          w.uint(index - last);
          last = index;
          this.value(w, field.type, item, depth + 1, defs, `${path}.${field.name}`);
        });
        return w.uint(0);
      }
    }
  }

  /** An `interface{}`: the registered name, the concrete type's id, then the value with its byte count. */
  private interfaceValue(w: GobWriter, value: unknown, depth: number, defs: GobWriter, path: string): void {
    if (value === null || value === undefined) return w.uint(0);
    const type = inferGobType(value, this.limits.maxDepth, depth);
    const name = value instanceof GobValue && value.registeredName !== undefined ? value.registeredName : registeredBasicName(type);
    if (name === undefined) {
      throw new RpcError('BAD_REQUEST', `gob: ${path} goes in an interface{} and needs the name Go registered its type under: gob.named('main.Point', type, value)`);
    }
    w.string(name);
    w.int(this.sent.idOf(type, (definition) => this.frame(defs, definition)));
    const inner = new GobWriter();
    this.topLevel(inner, type, value instanceof GobValue ? value.value : value, depth, defs, path);
    w.bytes(inner.finish());
  }
}

/** The names Go registers for its basic types (and slices of them), so they travel in interface{} as is. */
function registeredBasicName(type: GobType): string | undefined {
  if (type.kind === 'struct' || type.kind === 'map' || type.kind === 'array' || type.kind === 'interface') return undefined;
  if (type.kind === 'slice') return type.elem.kind === 'slice' || type.elem.kind === 'struct' || type.elem.kind === 'map' || type.elem.kind === 'array' || type.elem.kind === 'interface' ? undefined : `[]${goTypeName(type.elem)}`;
  return goTypeName(type);
}
