import { CodecId, type Codec } from '../codec/codec.js';
import { FrameType, type Frame } from './frame.js';
import { toValueFrame } from './value-frames.js';

/**
 * A notification encoded once and sent to many peers. Each frame I/O fills in its own form the first
 * time it meets the frame (the byte encoding with its stream length prefix, or the value frame of
 * ports), so a server that serves only ports carries no byte encoder.
 */
export class PreparedFrame {
  /** Length-prefixed bytes, set by the first byte transport (byte-frame-io.ts). */
  bytes: Uint8Array | undefined;
  private value: unknown;

  constructor(
    readonly frame: Frame,
    /** The server's codec; `undefined` in a build without msgpack, whose peers are all value transports. */
    readonly codec: Codec | undefined,
  ) {}

  static notification(method: string, arg: unknown, codec: Codec | undefined): PreparedFrame {
    return new PreparedFrame({ type: FrameType.Notify, flags: 0, seq: 0, method, metadata: undefined, timeout: 0, codec: codec?.id ?? CodecId.None, body: arg }, codec);
  }

  /** The frame as ports post it. */
  valueFrame(): unknown {
    return (this.value ??= toValueFrame(this.frame));
  }
}
