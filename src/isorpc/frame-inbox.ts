import type { Compression } from '../core/compression.js';
import { RpcError } from '../errors.js';
import { FrameFlag, type Frame } from './frame.js';

/** Where the inbox hands frames on. */
export interface InboxSink {
  deliver(frame: Frame): void;
  fail(error: unknown): void;
  closed(): boolean;
}

/**
 * Between the frame decoder and the connection: inflates compressed bodies (stopping at the cap, so
 * a bomb is `FRAME_TOO_LARGE`) and keeps frames in order when inflating is asynchronous (browsers'
 * DecompressionStream): frames behind a body being inflated wait in a backlog. Uncompressed frames
 * with an empty backlog pass straight through.
 */
export class FrameInbox {
  private backlog: Frame[] | undefined;

  constructor(
    private readonly compressor: Compression | undefined,
    private readonly maxBytes: number,
    private readonly sink: InboxSink,
  ) {}

  /** Hands `frame` on now or after the frames before it; throws (synchronously) what is fatal now. */
  push(frame: Frame): void {
    if (this.backlog !== undefined) return void this.backlog.push(frame);
    if ((frame.flags & FrameFlag.Compressed) === 0) return this.sink.deliver(frame);
    frame.flags &= ~FrameFlag.Compressed;
    if (this.compressor === undefined || !(frame.body instanceof Uint8Array)) {
      throw new RpcError('PROTOCOL', 'Received a compressed body, which this side did not announce it can inflate');
    }
    const inflated = this.compressor.decompress(frame.body, this.maxBytes);
    if (!(inflated instanceof Promise)) {
      frame.body = inflated;
      return this.sink.deliver(frame);
    }
    this.backlog = [];
    inflated.then(
      (bytes) => this.resume(frame, bytes),
      (error: unknown) => this.sink.fail(error),
    );
  }

  private resume(frame: Frame, bytes: Uint8Array): void {
    if (this.sink.closed()) return;
    frame.body = bytes;
    const held = this.backlog!;
    this.backlog = undefined;
    try {
      this.sink.deliver(frame);
      for (const next of held) if (!this.sink.closed()) this.push(next);
    } catch (error) {
      this.sink.fail(error);
    }
  }
}
