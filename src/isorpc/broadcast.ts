import type { Codec } from '../codec/codec.js';
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
    private readonly codec: Codec,
  ) {}

  static notification(method: string, arg: unknown, codec: Codec): PreparedFrame {
    return new PreparedFrame({ type: FrameType.Notify, flags: 0, seq: 0, method, metadata: undefined, timeout: 0, codec: codec.id, body: arg }, codec);
  }

  forKind(kind: TransportKind): unknown {
    if (kind === 'value') return (this.value ??= toValueFrame(this.frame));
    const bytes = (this.bytes ??= this.encode());
    return kind === 'stream' ? bytes : bytes.subarray(4);
  }

  private encode(): Uint8Array {
    let body: Uint8Array | undefined;
    try {
      body = this.frame.body === undefined ? undefined : this.codec.encode(this.frame.body);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `Could not encode the broadcast of ${this.frame.method} with ${this.codec.name}: ${(error as Error).message}`, { cause: error });
    }
    return isorpcProtocol.encodeFrame(this.frame, body, true);
  }
}
