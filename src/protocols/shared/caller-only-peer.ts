import type { Caller } from '../../calls/client-types.js';
import { RpcError } from '../../errors.js';
import { Router } from '../../calls/router.js';
import type { Transport } from '../../core/transport.js';
import { MessagePeer } from './message-peer.js';

/**
 * A client for a protocol whose server cannot call back (Go net/rpc, JSON or gob): it wires the
 * transport, has no `register`/`handle` (see `Caller`), and sends `notify` as a call whose reply is dropped.
 * Subclasses write a request in `write` and read replies in `receive`, settling calls by sequence.
 */
export abstract class CallerOnlyPeer extends MessagePeer implements Caller {
  constructor(
    protected readonly transport: Transport,
    timeout: number,
    closedByPeer: string,
  ) {
    super(new Router(), timeout);
    transport.start({
      onData: (data) => this.receive(data),
      onClose: (error) => this.closeWith(error ?? new RpcError('CLOSED', closedByPeer)),
    });
  }

  /** Sends request `seq`; throws an RpcError when it cannot be encoded. */
  protected abstract write(seq: number, method: string, arg: unknown): void;

  /** Handles what the transport delivered. */
  protected abstract receive(data: unknown): void;

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }


  /** Go has no notifications: this is a call whose reply is dropped. */
  notify(method: string, arg?: unknown): void {
    if (this.closed) throw this.closedError();
    this.write(this.pending.nextSequence(), method, arg);
  }

  protected sendRequest(seq: number, method: string, arg: unknown): void {
    this.write(seq, method, arg);
  }

  protected closeTransport(): void {
    this.transport.close();
  }
}
