import { CodecId, type Codec } from '../codec/codec.js';
import { RpcError } from '../errors.js';
import { FrameType, type Frame } from './frame.js';
import { isorpcProtocol } from './isorpc-protocol.js';
import type { TransportKind } from '../core/transport.js';
import { toValueFrame } from './value-frames.js';

/**
 * A notification encoded once and sent to many peers: one byte encoding (with its stream length
 * prefix; message transports send a view without it) and one value frame for port transports.
 */
export class PreparedFrame {
  private bytes: Uint8Array | undefined;
  private value: unknown;

  constructor(
    private readonly frame: Frame,
    private readonly codec: Codec | undefined,
  ) {}

  /** `codec` is the server's; `undefined` in a build without msgpack, whose peers are all value transports. */
  static notification(method: string, arg: unknown, codec: Codec | undefined): PreparedFrame {
    return new PreparedFrame({ type: FrameType.Notify, flags: 0, seq: 0, method, metadata: undefined, timeout: 0, codec: codec?.id ?? CodecId.None, body: arg }, codec);
  }

  forKind(kind: TransportKind): unknown {
    if (kind === 'value') return (this.value ??= toValueFrame(this.frame));
    const bytes = (this.bytes ??= this.encode());
    return kind === 'stream' ? bytes : bytes.subarray(4);
  }

  private encode(): Uint8Array {
    const codec = this.codec;
    // Not reached: a byte transport without a codec is refused when accepted (frame-io.ts).
    if (codec === undefined) throw new RpcError('UNAVAILABLE', 'The server has no codec for byte transports');
    let body: Uint8Array | undefined;
    try {
      body = this.frame.body === undefined ? undefined : codec.encode(this.frame.body);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `Could not encode the broadcast of ${this.frame.method} with ${codec.name}: ${(error as Error).message}`, { cause: error });
    }
    return isorpcProtocol.encodeFrame(this.frame, body, true);
  }
}
