/** One top-level JSON value cut from a byte stream, or the size of one that was over the limit. */
export type SplitValue =
  | {
      /** One whole value's bytes. */
      readonly bytes: Uint8Array;
    }
  | {
      /** The size of a value over the limit, which was skipped. */
      readonly oversized: number;
    };

/** Splits a byte stream that carries JSON values back to back (newline-delimited or not). */
export interface JsonValueSplitter {
  /**
   * Feeds one chunk as it arrived and returns the values it completed, in order. Values that lie whole
   * inside the chunk are views into it (no copy). Never throws: what is not JSON comes out as a value
   * that fails to parse, and the stream goes on after it.
   */
  push(chunk: Uint8Array): SplitValue[];
  /** Bytes held for a value that is not complete yet. */
  readonly bufferedBytes: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (b: number): boolean => b === SPACE || b === LF || b === CR || b === TAB;
const isOpener = (b: number): boolean => b === OPEN_BRACE || b === OPEN_BRACKET;
const isCloser = (b: number): boolean => b === CLOSE_BRACE || b === CLOSE_BRACKET;

/**
 * A splitter for streams of JSON values, as Go's `json.Encoder` writes them (each followed by a
 * newline) and as newline-delimited JSON-RPC or a script's `sendall(json.dumps(...))` sends them. An
 * explicit state machine over bytes: it tracks bracket depth and whether it is inside a string, which
 * is all it takes to find where a value ends (UTF-8 continuation bytes never look like ASCII).
 *
 * A value over `maxValueBytes` is never buffered: once it passes the limit its bytes are counted and
 * dropped until it ends, then it comes out as `{ oversized }`, and the stream stays usable after it.
 * Bare words (`true`, `42`, garbage) end at whitespace or a bracket, quote or brace.
 */
export function createJsonValueSplitter(maxValueBytes: number): JsonValueSplitter {
  let inValue = false;
  let scalar = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Uint8Array[] = [];
  let size = 0;
  let oversized = false;

  function finish(out: SplitValue[], piece: Uint8Array): void {
    const total = size + piece.byteLength;
    if (oversized || total > maxValueBytes) out.push({ oversized: total });
    else if (parts.length === 0) out.push({ bytes: piece });
    else out.push({ bytes: concat([...parts, piece], total) });
    inValue = scalar = inString = escaped = oversized = false;
    depth = size = 0;
    parts = [];
  }

  function keep(piece: Uint8Array): void {
    // The limit is checked before anything more is buffered.
    if (!oversized && size + piece.byteLength > maxValueBytes) {
      oversized = true;
      parts = [];
    }
    if (!oversized) parts.push(piece.slice());
    size += piece.byteLength;
  }

  function push(chunk: Uint8Array): SplitValue[] {
    const out: SplitValue[] = [];
    let start = 0;
    for (let i = 0; i < chunk.byteLength; i++) {
      const b = chunk[i]!;
      if (!inValue) {
        if (isSpace(b)) continue;
        inValue = true;
        start = i;
        if (isOpener(b)) depth = 1;
        else if (b === QUOTE) inString = true;
        else if (isCloser(b)) finish(out, chunk.subarray(start, i + 1)); // a stray closer: one value that will not parse
        else scalar = true;
      } else if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (depth === 0) finish(out, chunk.subarray(start, i + 1));
        }
      } else if (scalar) {
        if (isSpace(b) || isOpener(b) || isCloser(b) || b === QUOTE) {
          finish(out, chunk.subarray(start, i));
          i--; // the delimiter may start the next value
        }
      } else if (b === QUOTE) {
        inString = true;
      } else if (isOpener(b)) {
        depth++;
      } else if (isCloser(b) && --depth === 0) {
        finish(out, chunk.subarray(start, i + 1));
      }
    }
    if (inValue) keep(chunk.subarray(start));
    return out;
  }

  return {
    push,
    get bufferedBytes() {
      return oversized ? 0 : size;
    },
  };
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
