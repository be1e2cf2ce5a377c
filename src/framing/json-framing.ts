import { RpcError } from '../errors.js';
import { decodeUtf8, encodeUtf8 } from '../codec/utf8.js';
import type { TransportKind } from '../core/transport.js';
import { parseJsonText, stringifyJson } from '../codec/json-text.js';
import { createJsonValueSplitter, type SplitValue } from './json-value-splitter.js';

/** One message read from a transport: its parsed JSON value, or why it could not be read. */
export type JsonInput = { readonly value: unknown } | { readonly error: RpcError };

/** Turns what a transport delivers into JSON values, for the JSON-based protocols. */
export interface JsonMessageReader {
  /** One chunk (`'stream'`) or one message (text or UTF-8 bytes) in, the values it completed out. */
  read(data: unknown): JsonInput[];
}

function tooLarge(bytes: number, maxBytes: number): JsonInput {
  return {
    error: new RpcError('FRAME_TOO_LARGE', `Received a JSON message of ${bytes} bytes, over the limit of ${maxBytes} bytes; raise maxFrameSize or send smaller messages`),
  };
}

function parse(text: string): JsonInput {
  try {
    return { value: parseJsonText(text) };
  } catch (error) {
    return { error: new RpcError('PROTOCOL', `Malformed JSON: ${(error as Error).message}`, { cause: error }) };
  }
}

function parseBytes(bytes: Uint8Array): JsonInput {
  let text: string;
  try {
    text = decodeUtf8(bytes, 0, bytes.byteLength);
  } catch (error) {
    return { error: new RpcError('PROTOCOL', 'Malformed JSON: the text is not valid UTF-8', { cause: error }) };
  }
  return parse(text);
}

/** UTF-8 length of `text`, computed only when the character count leaves it in doubt. */
function utf8Length(text: string, maxBytes: number): number {
  return text.length * 3 <= maxBytes ? text.length : encodeUtf8(text).byteLength;
}

function readMessage(data: unknown, maxBytes: number): JsonInput {
  if (typeof data === 'string') {
    const bytes = utf8Length(data, maxBytes);
    return bytes > maxBytes ? tooLarge(bytes, maxBytes) : parse(data);
  }
  if (data instanceof Uint8Array) return data.byteLength > maxBytes ? tooLarge(data.byteLength, maxBytes) : parseBytes(data);
  return { error: new RpcError('PROTOCOL', `Malformed message: expected JSON text, got ${Object.prototype.toString.call(data)}`) };
}

/**
 * A reader for `kind`: byte streams (TCP) go through a JSON value splitter, so values may come
 * newline-delimited or back to back; message transports (WebSocket, HTTP) carry one JSON text each.
 * Values over `maxBytes` come out as `FRAME_TOO_LARGE` errors without being buffered.
 */
export function createJsonMessageReader(kind: TransportKind, maxBytes: number): JsonMessageReader {
  if (kind !== 'stream') return { read: (data) => [readMessage(data, maxBytes)] };
  const splitter = createJsonValueSplitter(maxBytes);
  const toInput = (item: SplitValue): JsonInput => ('bytes' in item ? parseBytes(item.bytes) : tooLarge(item.oversized, maxBytes));
  return {
    read: (data) => splitter.push(typeof data === 'string' ? encodeUtf8(data) : (data as Uint8Array)).map(toInput),
  };
}

/**
 * Frames JSON text as one message for a transport of `kind`: UTF-8 bytes and a newline on byte
 * streams (as Go's encoder writes them), the text itself on message transports (a WebSocket text
 * frame). Throws `RpcError('FRAME_TOO_LARGE')` over `maxBytes`.
 */
export function frameJsonText(text: string, kind: TransportKind, maxBytes: number): string | Uint8Array {
  const framed = kind === 'stream' ? encodeUtf8(`${text}\n`) : text;
  const bytes = typeof framed === 'string' ? utf8Length(framed, maxBytes) : framed.byteLength - 1;
  if (bytes > maxBytes) {
    throw new RpcError('FRAME_TOO_LARGE', `A JSON message of ${bytes} bytes exceeds the limit of ${maxBytes} bytes; raise maxFrameSize or send less`);
  }
  return framed;
}

/** JSON text of `value`; throws `RpcError('BAD_REQUEST')` when it has no JSON form. */
export function encodeJsonText(value: unknown): string {
  try {
    return stringifyJson(value);
  } catch (error) {
    throw new RpcError('BAD_REQUEST', `The message could not be encoded as JSON: ${(error as Error).message}; send plain data (objects, arrays, strings, numbers)`, { cause: error });
  }
}

/** {@link encodeJsonText} then {@link frameJsonText}. */
export function encodeJsonMessage(value: unknown, kind: TransportKind, maxBytes: number): string | Uint8Array {
  return frameJsonText(encodeJsonText(value), kind, maxBytes);
}
