import type { PreparedFrame } from './broadcast.js';
import type { Codec } from '../codec/codec.js';
import { RpcError } from '../errors.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import type { Frame } from './frame.js';
import type { FrameIo, FrameIoFactory, FrameIoHost } from './frame-io.js';
import type { Transport } from '../core/transport.js';
import { fromValueFrame, toValueFrame } from './value-frames.js';

/**
 * Frames over a `'value'` transport (MessagePort, Worker, in-process): each frame is posted as a
 * structured-clone tuple (value-frames.ts), so nothing is encoded, compressed or length-prefixed.
 */
class ValueFrameIo implements FrameIo {
  remoteMaxFrameSize: number;
  remoteInflates = false;

  constructor(
    private readonly transport: Transport,
    private readonly options: ResolvedPeerOptions,
    private readonly host: FrameIoHost,
  ) {
    this.remoteMaxFrameSize = options.maxFrameSize;
  }

  coalesce(): void {
    // Each post is one message already.
  }

  send(frame: Frame, _codec: Codec | undefined, transfer: readonly object[] | undefined): void {
    const data = toValueFrame(frame);
    this.emit(data);
    try {
      this.transport.send(data, transfer);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `Could not post the message for ${frame.method || 'a reply'}: ${(error as Error).message}; send structured-cloneable data`, { cause: error });
    }
  }

  sendPrepared(prepared: PreparedFrame): boolean {
    const value = prepared.forKind('value');
    this.emit(value);
    this.transport.send(value);
    return true;
  }

  flush(): void {
    // Nothing is queued.
  }

  decodeBody(frame: Frame): unknown {
    return frame.body; // posted as a value: nothing to decode
  }

  receive(data: unknown): void {
    if (this.host.closed) return;
    try {
      for (const plugin of this.options.plugins) plugin.beforeDecode?.(data, this.host.peer);
      this.host.receiveFrame(fromValueFrame(data, this.options.maxMetadataSize));
    } catch (error) {
      this.host.fail(RpcError.from(error, 'PROTOCOL'));
    }
  }

  private emit(data: unknown): void {
    for (const plugin of this.options.plugins) plugin.afterEncode?.(data, this.host.peer);
  }
}

/** The frame I/O of `'value'` transports, for the {@link Connection}s that may meet one. */
export const createValueFrameIo: FrameIoFactory = (transport, options, host) => new ValueFrameIo(transport, options, host);
