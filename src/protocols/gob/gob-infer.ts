import { RpcError } from '../../errors.js';
import { fieldsOf, gob, GobValue, type GobField, type GobType } from './gob-types.js';

/**
 * The gob type of a JavaScript value, for values sent without an explicit type: an object → a struct
 * of its own enumerable keys (in order), a whole number → `int`, any other number (and -0) → `float64`, a
 * `bigint` → `int64` (`uint64` past its range), a string, a boolean, a `Uint8Array` → `[]byte`, an
 * array → a slice of its elements' common type, a `Map` → a map. A {@link GobValue} says its own
 * type. Fields that are `null`/`undefined`, or empty arrays, maps and objects, are left out of the struct type:
 * gob would omit them anyway, and their element types cannot be known.
 */
export function inferGobType(value: unknown, maxDepth: number, depth = 0): GobType {
  if (value instanceof GobValue) return value.type;
  switch (typeof value) {
    case 'boolean':
      return gob.bool;
    case 'number':
      // -0 is a float: as an int it would arrive as 0.
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? gob.int : gob.float;
    case 'bigint':
      return value > 0x7fffffffffffffffn ? gob.uint : gob.int;
    case 'string':
      return gob.string;
    case 'object':
      if (value === null) break;
      if (depth >= maxDepth) throw new RpcError('BAD_REQUEST', `gob: the value is nested deeper than maxDepth (${maxDepth}), or refers to itself`);
      if (value instanceof Uint8Array) return gob.bytes;
      if (Array.isArray(value)) return gob.slice(common(value.map((item: unknown) => inferGobType(item, maxDepth, depth + 1))));
      if (value instanceof Map) {
        const entries = [...(value as Map<unknown, unknown>)];
        return gob.map(common(entries.map(([key]) => inferGobType(key, maxDepth, depth + 1))), common(entries.map(([, item]) => inferGobType(item, maxDepth, depth + 1))));
      }
      return inferStruct(value as Record<string, unknown>, maxDepth, depth);
    default:
      break;
  }
  throw new RpcError('BAD_REQUEST', `gob: cannot infer a gob type for ${value === null ? 'null' : typeof value}; send it with gob.value(type, value)`);
}

function inferStruct(value: Record<string, unknown>, maxDepth: number, depth: number): GobType {
  const fields: GobField[] = [];
  for (const name of Object.keys(value)) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    if (Array.isArray(field) && field.length === 0) continue;
    if (field instanceof Map && field.size === 0) continue;
    if (isEmptyPlainObject(field)) continue; // an empty struct or map: nothing to send either way
    fields.push({ name, type: inferGobType(field, maxDepth, depth + 1) });
  }
  return { kind: 'struct', name: '', fields };
}

function isEmptyPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array || value instanceof Map || value instanceof GobValue) return false;
  return Object.keys(value).length === 0;
}

/** The type all of `types` fit: the same type, float64 for ints and floats, merged structs, else interface{}. */
function common(types: GobType[]): GobType {
  if (types.length === 0) return gob.interface;
  return types.reduce(unify);
}

function unify(a: GobType, b: GobType): GobType {
  if (a === b || (a.kind === b.kind && !('name' in a))) return a;
  if ((a.kind === 'int' && b.kind === 'float') || (a.kind === 'float' && b.kind === 'int')) return gob.float;
  if (a.kind === 'slice' && b.kind === 'slice') return gob.slice(unify(a.elem, b.elem));
  if (a.kind === 'map' && b.kind === 'map') return gob.map(unify(a.key, b.key), unify(a.elem, b.elem));
  if (a.kind === 'struct' && b.kind === 'struct' && a.name === b.name) {
    const merged = new Map<string, GobType>();
    for (const field of [...fieldsOf(a), ...fieldsOf(b)]) {
      const known = merged.get(field.name);
      merged.set(field.name, known === undefined ? field.type : unify(known, field.type));
    }
    return { kind: 'struct', name: a.name, fields: [...merged].map(([name, type]) => ({ name, type })) };
  }
  return gob.interface;
}
