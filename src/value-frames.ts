import { RpcError } from './errors.js';
import { CodecId } from './codec/codec.js';
import { isFrameType, KNOWN_FLAGS, type Frame, type Metadata } from './protocol/frame.js';

/**
 * On `'value'` transports (MessagePort, in-process) a frame travels as a structured-clone tuple
 * `[type, seq, method, metadata, timeout, body, flags]`: no header bytes and no codec.
 */
export type ValueFrame = [type: number, seq: number, method: string, metadata: Metadata | undefined, timeout: number, body: unknown, flags: number];

export function toValueFrame(frame: Frame): ValueFrame {
  return [frame.type, frame.seq, frame.method, frame.metadata, frame.timeout, frame.body, frame.flags];
}

function isMetadata(value: unknown): value is Metadata | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (typeof (value as Record<string, unknown>)[key] !== 'string') return false;
  return true;
}

/** Validates a received tuple; throws `RpcError('PROTOCOL')` for anything else. */
export function fromValueFrame(value: unknown): Frame {
  if (!Array.isArray(value) || value.length !== 7) {
    throw new RpcError('PROTOCOL', 'Malformed frame: expected an isorpc value frame; is something else posting messages on this port?');
  }
  const [type, seq, method, metadata, timeout, body, flags] = value as unknown[];
  if (!isFrameType(type) || typeof seq !== 'number' || typeof method !== 'string' || typeof timeout !== 'number' || !isMetadata(metadata)) {
    throw new RpcError('PROTOCOL', 'Malformed frame: a value frame has fields of the wrong type');
  }
  if (typeof flags !== 'number' || (flags & ~KNOWN_FLAGS) !== 0) throw new RpcError('PROTOCOL', `Malformed frame: unknown flags ${String(flags)}`);
  return { type, flags, seq, method, metadata, timeout, codec: CodecId.None, body };
}
