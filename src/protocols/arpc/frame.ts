import { RpcError } from '../../errors.js';
import { decodeUtf8, encodeUtf8 } from '../../codec/utf8.js';
import type { FrameHeaderSpec } from '../../framing/header-frame-decoder.js';

/** Bytes of an arpc header: `u32 bodyLen, u8 userFlags, u8 cmd, u8 flag, u8 methodLen, u64 seq`, little-endian. */
export const ARPC_HEADER_SIZE = 16;
/** The longest method name arpc can carry, in UTF-8 bytes (its length is one byte whose top bit is reserved). */
export const ARPC_MAX_METHOD_BYTES = 127;

/** The arpc commands (the low 6 bits of header byte 5). */
export const ArpcCmd = {
  /** 1: a call that awaits a Response with the same method and seq. */
  Request: 1,
  /** 2: the reply to a Request, repeating its method and seq. */
  Response: 2,
  /** 3: a one-way message; no reply is sent. */
  Notify: 3,
  /** 4: a heartbeat, a bare header with seq 0; answered with a Pong. */
  Ping: 4,
  /** 5: the answer to a Ping, a bare header with seq 0. */
  Pong: 5,
  /** 6: a stream frame (not supported by isorpc; it closes the connection with `PROTOCOL`). */
  Stream: 6,
} as const;
/** One of {@link ArpcCmd}. */
export type ArpcCmd = (typeof ArpcCmd)[keyof typeof ArpcCmd];

/** Header byte 6: the body is an error text. */
export const ARPC_FLAG_ERROR = 0x01;
/** Header byte 6: set by Go on notifications (no reply is awaited). */
export const ARPC_FLAG_ASYNC = 0x02;

/** One arpc message, decoded. `seq` is the full u64, so numbers past 2⁵³ survive the round trip. */
export interface ArpcFrame {
  /** The command: header byte 5, low 6 bits. */
  cmd: ArpcCmd;
  /** Header byte 6 (`ARPC_FLAG_ERROR` 0x01, `ARPC_FLAG_ASYNC` 0x02). */
  flag: number;
  /** Header byte 4, free for applications; 0 from Go's stock client and server. */
  userFlags: number;
  /** The sequence number: header bytes 8–15; a reply repeats its request's. */
  seq: bigint;
  /** The method (route) name that follows the header; may be empty for Ping/Pong. */
  method: string;
  /** A view into the received bytes; copy it to keep it past the current read. */
  body: Uint8Array;
}

const CMD_MASK = 0x3f;

function bad(why: string): RpcError {
  return new RpcError('PROTOCOL', `Malformed arpc frame: ${why}; is the other side speaking arpc?`);
}

/** Checks a whole header; returns the command. Bare Ping/Pong may omit the method; other commands need one. */
function checkHeader(bytes: Uint8Array): { cmd: ArpcCmd; bodyLength: number; methodLength: number } {
  const bodyLength = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  const cmd = bytes[5]! & CMD_MASK;
  const methodLength = bytes[7]!;
  if (cmd < ArpcCmd.Request || cmd > ArpcCmd.Stream) throw bad(`unknown command ${cmd}`);
  if (methodLength > ARPC_MAX_METHOD_BYTES) throw bad(`method length ${methodLength} is over ${ARPC_MAX_METHOD_BYTES}`);
  if (methodLength === 0 && cmd !== ArpcCmd.Ping && cmd !== ArpcCmd.Pong) throw bad(`command ${cmd} without a method (length 0)`);
  if (methodLength > bodyLength) throw bad(`method length ${methodLength} is longer than the ${bodyLength} bytes after the header`);
  return { cmd: cmd as ArpcCmd, bodyLength, methodLength };
}

/**
 * How arpc frames give their length, for `createHeaderFrameDecoder`: the header alone is checked
 * (command, method length), so garbage fails on its first 16 bytes, before any body is buffered.
 */
export const arpcFrameSpec: FrameHeaderSpec = {
  maxHeaderBytes: ARPC_HEADER_SIZE,
  frameLength(bytes, available) {
    if (available < ARPC_HEADER_SIZE) return undefined;
    return ARPC_HEADER_SIZE + checkHeader(bytes).bodyLength;
  },
};

/** Decodes one whole frame (as the frame decoder returns them). Throws `PROTOCOL` for a malformed one. */
export function decodeArpcFrame(bytes: Uint8Array): ArpcFrame {
  if (bytes.byteLength < ARPC_HEADER_SIZE) throw bad(`${bytes.byteLength} bytes, shorter than the ${ARPC_HEADER_SIZE}-byte header`);
  const { cmd, bodyLength, methodLength } = checkHeader(bytes);
  if (bytes.byteLength !== ARPC_HEADER_SIZE + bodyLength) throw bad(`the header says ${bodyLength} bytes follow, ${bytes.byteLength - ARPC_HEADER_SIZE} do`);
  let method: string;
  try {
    method = decodeUtf8(bytes, ARPC_HEADER_SIZE, ARPC_HEADER_SIZE + methodLength);
  } catch {
    throw bad('the method name is not UTF-8');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    cmd,
    flag: bytes[6]!,
    userFlags: bytes[4]!,
    seq: view.getBigUint64(8, true),
    method,
    body: bytes.subarray(ARPC_HEADER_SIZE + methodLength),
  };
}

/** What {@link encodeArpcFrame} writes; `userFlags` defaults to 0. */
export interface ArpcFrameInit {
  /** The command, written to header byte 5. */
  cmd: ArpcCmd;
  /** Header byte 6: `ARPC_FLAG_ERROR` (0x01), `ARPC_FLAG_ASYNC` (0x02), or 0. */
  flag: number;
  /** Header byte 4, free for applications; defaults to 0. */
  userFlags?: number;
  /** The sequence number, written as a little-endian u64 at bytes 8–15. */
  seq: bigint;
  /** The method (route) name, at most 127 UTF-8 bytes; empty only for Ping/Pong. */
  method: string;
  /** The body bytes, written after the method. */
  body: Uint8Array;
}

/** The bytes of one frame. Throws `BAD_REQUEST` for a method name that is empty (except Ping/Pong) or over 127 UTF-8 bytes. */
export function encodeArpcFrame(frame: ArpcFrameInit): Uint8Array {
  // The length is counted in UTF-8 bytes, never UTF-16 units (arpc.js's bug with non-ASCII names).
  const method = encodeUtf8(frame.method);
  if (method.byteLength === 0 && frame.cmd !== ArpcCmd.Ping && frame.cmd !== ArpcCmd.Pong) {
    throw new RpcError('BAD_REQUEST', 'arpc needs a method name (a route such as "/echo" or "Service.method")');
  }
  if (method.byteLength > ARPC_MAX_METHOD_BYTES) {
    throw new RpcError('BAD_REQUEST', `The method name "${frame.method.slice(0, 40)}…" is ${method.byteLength} UTF-8 bytes; arpc carries at most ${ARPC_MAX_METHOD_BYTES}: use a shorter name`);
  }
  const bodyLength = method.byteLength + frame.body.byteLength;
  const bytes = new Uint8Array(ARPC_HEADER_SIZE + bodyLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, bodyLength, true);
  bytes[4] = frame.userFlags ?? 0;
  bytes[5] = frame.cmd;
  bytes[6] = frame.flag;
  bytes[7] = method.byteLength;
  view.setBigUint64(8, frame.seq, true);
  bytes.set(method, ARPC_HEADER_SIZE);
  bytes.set(frame.body, ARPC_HEADER_SIZE + method.byteLength);
  return bytes;
}
