import { RpcError } from '../errors.js';
import { CodecId } from '../codec/codec.js';
import { FrameFlag, isFrameType, KNOWN_FLAGS, type Frame, type Metadata } from './frame.js';

/**
 * On `'value'` transports (MessagePort, in-process) a frame travels as a structured-clone tuple
 * `[type, seq, method, metadata, timeout, body, flags]`: no header bytes and no codec.
 */
export type ValueFrame = [type: number, seq: number, method: string, metadata: Metadata | undefined, timeout: number, body: unknown, flags: number];

export function toValueFrame(frame: Frame): ValueFrame {
  return [frame.type, frame.seq, frame.method, frame.metadata, frame.timeout, frame.body, frame.flags];
}

/** Metadata of at most `maxChars` characters (keys and values), or undefined. */
function isMetadata(value: unknown, maxChars: number): value is Metadata | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  let chars = 0;
  for (const key in value) {
    const entry = (value as Record<string, unknown>)[key];
    if (typeof entry !== 'string') return false;
    chars += key.length + entry.length;
  }
  if (chars > maxChars) throw new RpcError('FRAME_TOO_LARGE', `Received ${chars} characters of metadata, over the limit of ${maxChars} (maxMetadataSize); send less metadata`);
  return true;
}

/** Validates a received tuple; throws `RpcError('PROTOCOL')` for anything else. */
export function fromValueFrame(value: unknown, maxMetadataSize = Number.POSITIVE_INFINITY): Frame {
  if (!Array.isArray(value) || value.length !== 7) {
    throw new RpcError('PROTOCOL', 'Malformed frame: expected an isorpc value frame; is something else posting messages on this port?');
  }
  const [type, seq, method, metadata, timeout, body, flags] = value as unknown[];
  if (!isFrameType(type) || typeof seq !== 'number' || typeof method !== 'string' || typeof timeout !== 'number' || !isMetadata(metadata, maxMetadataSize)) {
    throw new RpcError('PROTOCOL', 'Malformed frame: a value frame has fields of the wrong type');
  }
  if (typeof flags !== 'number' || (flags & ~(KNOWN_FLAGS & ~FrameFlag.Compressed)) !== 0) throw new RpcError('PROTOCOL', `Malformed frame: unknown flags ${String(flags)}`);
  return { type, flags, seq, method, metadata, timeout, codec: CodecId.None, body };
}
