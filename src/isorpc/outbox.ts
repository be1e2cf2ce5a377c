import { LENGTH_PREFIX_BYTES } from '../framing/length-prefix-decoder.js';
import type { Transport } from '../core/transport.js';
import { afterMicrotasks } from './after-microtasks.js';
import { BATCH_MAGIC_BYTES, joinBatch } from './frame-batch.js';

/**
 * Once this much is queued the batch leaves at once instead of at the end of the tick: the peer starts
 * on it while this side is still working through its own batch (256 calls in flight would otherwise
 * run in lockstep, each side idle while the other works). Small enough to overlap, large enough that
 * a write still carries dozens of small frames.
 */
const EARLY_FLUSH_BYTES = 4096;
/** Frames at least this large are sent at once, never copied into a batch. */
const LARGE_FRAME_BYTES = 16 * 1024;

/**
 * Per-tick write coalescing for byte transports. Encoded frames (each with its u32 length prefix)
 * wait until the current microtasks have run, then leave together: on a stream (TCP) as one write of
 * the joined runs, on a message transport (WebSocket) as one coalesced message when the peer
 * negotiated it, else one message per frame. One write instead of one per frame is what makes 256
 * calls in flight cheap: the per-write (and per WebSocket message) cost dominates small calls.
 */
export class Outbox {
  private queue: Uint8Array[] = [];
  private bytes = 0;
  private scheduled = false;
  /** Set once the peer announced it reads coalesced messages (message transports only). */
  coalesce = false;
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly transport: Transport,
    /** The peer's frame size limit: a coalesced message never exceeds it. */
    private readonly remoteMaxFrameSize: () => number,
  ) {}

  /** True when frames go through the queue: always on streams, on messages once negotiated. */
  get queues(): boolean {
    return this.transport.kind === 'stream' || this.coalesce;
  }

  /** Queues a length-prefixed frame for this tick (or sends a large one now, after the queue). */
  push(prefixed: Uint8Array): void {
    if (prefixed.byteLength >= LARGE_FRAME_BYTES) {
      this.flush();
      return this.write(prefixed);
    }
    if (this.transport.kind === 'message' && this.bytes + prefixed.byteLength + BATCH_MAGIC_BYTES > this.remoteMaxFrameSize()) this.flush();
    this.queue.push(prefixed);
    this.bytes += prefixed.byteLength;
    if (this.bytes >= EARLY_FLUSH_BYTES) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      afterMicrotasks(this.flushNow);
    }
  }

  /** Sends what is queued now (before a close, a large frame or a broadcast). */
  flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    const bytes = this.bytes;
    this.bytes = 0;
    if (queue.length === 1) return this.write(queue[0]!);
    if (this.transport.kind === 'message') return this.transport.send(joinBatch(queue, bytes + BATCH_MAGIC_BYTES));
    const joined = new Uint8Array(bytes);
    let offset = 0;
    for (const frame of queue) {
      joined.set(frame, offset);
      offset += frame.byteLength;
    }
    this.writeStream(joined);
  }

  private write(prefixed: Uint8Array): void {
    if (this.transport.kind === 'message') this.transport.send(prefixed.subarray(LENGTH_PREFIX_BYTES));
    else this.writeStream(prefixed);
  }

  /** This tick's bytes are joined already: a transport that would hold them back to the next tick need not. */
  private writeStream(bytes: Uint8Array): void {
    if (this.transport.sendBatch !== undefined) this.transport.sendBatch(bytes);
    else this.transport.send(bytes);
  }
}
