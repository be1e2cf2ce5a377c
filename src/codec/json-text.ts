import { encodeBase64 } from './base64.js';
import { lostInEncoding, nameOf } from './lost-in-encoding.js';

/**
 * Drops the two shapes that reach a prototype when a decoded object is later merged into another one:
 * a `__proto__` key, and a `constructor` key whose value has a `prototype`.
 */
function dropPrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') return undefined;
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) return undefined;
  return value;
}

/**
 * Parses JSON text with prototype-polluting keys dropped. The reviver that drops them runs only when
 * the text contains `__proto__` or `constructor`, so ordinary payloads parse at full speed.
 * Throws a SyntaxError for malformed text.
 */
export function parseJsonText(text: string): unknown {
  const risky = text.includes('__proto__') || text.includes('constructor');
  return risky ? JSON.parse(text, dropPrototypeKeys) : JSON.parse(text);
}

/**
 * A JSON.stringify replacer that throws for what JSON would drop or mangle without a word: a function or
 * symbol (left out of an object), binary (an object of indices), and what would arrive as `{}` (see
 * `lostInEncoding`).
 */
export function refuseLostObjects(this: unknown, key: string, value: unknown): unknown {
  // `this[key]` is the value before toJSON(): a Node Buffer would otherwise be {type, data}.
  const original = (this as Record<string, unknown>)[key];
  if (ArrayBuffer.isView(original)) {
    throw new TypeError(`JSON cannot carry ${nameOf(original)} (it would arrive as an object of indices): send bytes with msgpack, or as base64`);
  }
  if (typeof value === 'object' && value !== null) {
    const lost = lostInEncoding(value, 'JSON');
    if (lost !== undefined) throw new TypeError(lost);
  } else if ((typeof value === 'function' || typeof value === 'symbol') && key !== '') {
    // At the top (key ''), JSON.stringify answers undefined and the caller says what it could not encode.
    throw new TypeError(`JSON cannot carry a ${typeof value} (at "${key}")`);
  }
  return value;
}

/** Binary values become base64 strings, as Go's encoding/json writes a `[]byte`; lost objects are refused. */
function binaryAsBase64(this: unknown, key: string, value: unknown): unknown {
  // `this[key]` is the value before toJSON(): a Node Buffer would otherwise be {type, data}.
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Uint8Array) return encodeBase64(original);
  return refuseLostObjects.call(this, key, value);
}

/**
 * JSON text of `value` for the JSON-based protocols (JSON-RPC, Go net/rpc, the HTTP gateway), with
 * `Uint8Array` as base64. Throws a TypeError for what JSON cannot carry (BigInt, cycles, a bare
 * `undefined`, a function or symbol, a Map, Set, ArrayBuffer, Error, RegExp or Promise).
 */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, binaryAsBase64);
  if (text === undefined) throw new TypeError(`JSON cannot encode a value of type ${typeof value}`);
  return text;
}
