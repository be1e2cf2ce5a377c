import { RpcError } from '../../errors.js';
import { checkDepth } from '../../codec/depth-limit.js';
import { parseJsonText, stringifyJson } from '../../codec/json-text.js';
import { encodeUtf8 } from '../../codec/utf8.js';

/**
 * How an arpc body is read, since the wire does not say what it holds (Go sends a `string`/`[]byte`
 * as raw bytes and other values as JSON):
 * - `'auto'` (default): JSON when the body parses as JSON, else UTF-8 text, else a `Uint8Array`;
 *   an empty body is `undefined`. A Go `string` that is itself valid JSON (`"42"`) reads as JSON: ask for `'text'`.
 * - `'json'`: JSON; anything else is an error. An empty body is `undefined`.
 * - `'text'`: the UTF-8 text (a Go `string` or `error`).
 * - `'bytes'`: the raw bytes, as a `Uint8Array` of their own (a Go `[]byte`).
 */
export type ArpcBodyDecoding = 'auto' | 'json' | 'text' | 'bytes';

const DECODINGS: ReadonlySet<string> = /* @__PURE__ */ new Set(['auto', 'json', 'text', 'bytes']);
const strictText = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/** Checks a user-given decoding; throws a TypeError that lists the valid ones. */
export function checkDecoding(decoding: unknown, name: string): ArpcBodyDecoding {
  if (typeof decoding === 'string' && DECODINGS.has(decoding)) return decoding as ArpcBodyDecoding;
  throw new TypeError(`${name} must be 'auto', 'json', 'text' or 'bytes', got ${String(decoding)}`);
}

/**
 * The body for `value`: a string as its UTF-8 bytes and a `Uint8Array` as is (a Go `string`/`[]byte`),
 * `undefined` as nothing, anything else as JSON. Throws `BAD_REQUEST` for what JSON cannot carry.
 */
export function encodeArpcBody(value: unknown): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  if (typeof value === 'string') return encodeUtf8(value);
  if (value instanceof Uint8Array) return value;
  try {
    return encodeUtf8(stringifyJson(value));
  } catch (error) {
    throw new RpcError('BAD_REQUEST', `The value cannot be sent as an arpc JSON body: ${(error as Error).message}`, { cause: error });
  }
}

/** First bytes a JSON text can start with (after whitespace): `{ [ " - 0-9 t f n`. */
function mayBeJson(body: Uint8Array): boolean {
  for (const byte of body) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b || byte === 0x5b || byte === 0x22 || byte === 0x2d || (byte >= 0x30 && byte <= 0x39) || byte === 0x74 || byte === 0x66 || byte === 0x6e;
  }
  return false;
}

function parseJson(text: string, maxDepth: number): unknown {
  return checkDepth(parseJsonText(text), maxDepth);
}

/**
 * Reads a body as `decoding` says. Throws `BAD_REQUEST` when it cannot be read that way (not JSON,
 * not UTF-8, nested deeper than `maxDepth`).
 */
export function decodeArpcBody(body: Uint8Array, decoding: ArpcBodyDecoding, maxDepth: number): unknown {
  if (decoding === 'bytes') return new Uint8Array(body); // a copy, and a plain Uint8Array even when a Buffer arrived
  if (body.byteLength === 0) return decoding === 'text' ? '' : undefined;
  let text: string;
  try {
    text = strictText.decode(body);
  } catch (error) {
    if (decoding === 'auto') return new Uint8Array(body);
    throw new RpcError('BAD_REQUEST', `The arpc body is not UTF-8 text; read it with decode: 'bytes'`, { cause: error });
  }
  if (decoding === 'text') return text;
  if (decoding === 'auto' && !mayBeJson(body)) return text;
  try {
    return parseJson(text, maxDepth);
  } catch (error) {
    if (error instanceof RangeError) throw new RpcError('BAD_REQUEST', `The arpc JSON body is ${error.message}`, { cause: error });
    if (decoding === 'auto') return text;
    throw new RpcError('BAD_REQUEST', `The arpc body is not JSON (${(error as Error).message}); read it with decode: 'text' or 'bytes'`, { cause: error });
  }
}
