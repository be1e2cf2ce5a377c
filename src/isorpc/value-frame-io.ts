import type { PreparedFrame } from './broadcast.js';
import type { Codec } from '../codec/codec.js';
import { RpcError } from '../errors.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import type { Frame } from './frame.js';
import type { FrameIo, FrameIoFactory, FrameIoHost } from './frame-io.js';
import type { Transport } from '../core/transport.js';
import { afterMicrotasks } from './after-microtasks.js';
import { batchedFrames, ValueBatch } from './value-batch.js';
import { fromValueFrame, toValueFrame } from './value-frames.js';

/**
 * Frames over a `'value'` transport (MessagePort, Worker, in-process): each frame is posted as a
 * structured-clone tuple (value-frames.ts), so nothing is encoded, compressed or length-prefixed;
 * once the peer announced it reads them, the frames of one tick go as one batch (value-batch.ts).
 */
class ValueFrameIo implements FrameIo {
  remoteMaxFrameSize: number;
  remoteInflates = false;
  private batch: ValueBatch | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly options: ResolvedPeerOptions,
    private readonly host: FrameIoHost,
  ) {
    this.remoteMaxFrameSize = options.maxFrameSize;
  }

  coalesce(): void {
    this.batch = new ValueBatch((batch) => this.postBatch(batch), afterMicrotasks);
  }

  send(frame: Frame, _codec: Codec | undefined, transfer: readonly object[] | undefined): void {
    const data = toValueFrame(frame);
    this.emit(data);
    if (transfer === undefined && this.batch?.add(data) === true) return;
    this.batch?.flush();
    try {
      this.transport.send(data, transfer);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `Could not post the message for ${frame.method || 'a reply'}: ${(error as Error).message}; send structured-cloneable data`, { cause: error });
    }
  }

  sendPrepared(prepared: PreparedFrame): boolean {
    this.batch?.flush();
    const value = prepared.valueFrame();
    this.emit(value);
    this.transport.send(value);
    return true;
  }

  flush(): void {
    this.batch?.flush();
  }

  decodeBody(frame: Frame): unknown {
    return frame.body; // posted as a value: nothing to decode
  }

  receive(data: unknown): void {
    if (this.host.closed) return;
    try {
      for (const plugin of this.options.plugins) plugin.beforeDecode?.(data, this.host.peer);
      const batch = batchedFrames(data);
      if (batch === undefined) return this.host.receiveFrame(fromValueFrame(data, this.options.maxMetadataSize));
      for (const value of batch) {
        this.host.receiveFrame(fromValueFrame(value, this.options.maxMetadataSize));
        if (this.host.closed) return;
      }
    } catch (error) {
      this.host.fail(RpcError.from(error, 'PROTOCOL'));
    }
  }

  /** Posts a batch; its frames were checked to clone, so a failure here is this side's bug: close. */
  private postBatch(batch: unknown): void {
    try {
      this.transport.send(batch);
    } catch (error) {
      this.host.fail(new RpcError('INTERNAL', `A batch of value frames could not be posted: ${(error as Error).message}`, { cause: error }));
    }
  }

  private emit(data: unknown): void {
    for (const plugin of this.options.plugins) plugin.afterEncode?.(data, this.host.peer);
  }
}

/** The frame I/O of `'value'` transports, for the {@link Connection}s that may meet one. */
export const createValueFrameIo: FrameIoFactory = (transport, options, host) => new ValueFrameIo(transport, options, host);
