import { RpcError, type Transport, type TransportSink } from '../../src/internal.js';

/**
 * Two connected `'value'` transports in one JavaScript realm, for tests and for wiring modules together
 * without a network. Values are copied with `structuredClone` exactly as a MessagePort would copy them
 * (so code that works here works across a Worker boundary), and delivered in order on a microtask so
 * neither side re-enters the other.
 */
export function createInProcessPair(): [Transport, Transport] {
  const left = new InProcessEnd('in-process:a');
  const right = new InProcessEnd('in-process:b');
  left.other = right;
  right.other = left;
  return [left, right];
}

class InProcessEnd implements Transport {
  readonly kind = 'value' as const;
  other: InProcessEnd | undefined;
  private sink: TransportSink | undefined;
  private inbox: unknown[] = [];
  private flushing = false;
  private closed = false;

  constructor(readonly remoteAddress: string) {}

  start(sink: TransportSink): void {
    this.sink = sink;
    this.scheduleFlush();
  }

  send(data: unknown, transfer?: readonly object[]): void {
    if (this.closed) return;
    const copy = structuredClone(data, transfer === undefined ? undefined : { transfer: transfer as Transferable[] });
    this.other?.deliver(copy);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const other = this.other;
    queueMicrotask(() => {
      this.sink?.onClose();
      other?.remoteClosed();
    });
  }

  private deliver(data: unknown): void {
    if (this.closed) return;
    this.inbox.push(data);
    this.scheduleFlush();
  }

  private remoteClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.sink?.onClose(new RpcError('CLOSED', 'The other in-process end was closed'));
  }

  private scheduleFlush(): void {
    if (this.flushing || this.sink === undefined || this.inbox.length === 0) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.flushing = false;
      const batch = this.inbox;
      this.inbox = [];
      for (const data of batch) if (!this.closed) this.sink!.onData(data);
    });
  }
}
