import { RpcError } from '../../errors.js';
import { MessagePeer } from './message-peer.js';
import type { HandlerLookup } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';

/** What a {@link ServingOnlyPeer} says when asked to call the other side, and when that side leaves. */
export interface ServingOnlyTexts {
  oneWay: string;
  closedByPeer: string;
}

/**
 * A peer that only serves calls from the other side, for protocols with no way to call back (Go
 * net/rpc's server side, the HTTP gateway): it wires the transport and refuses `notify` and calls
 * with `UNAVAILABLE`. Subclasses read what arrives in `receive`.
 */
export abstract class ServingOnlyPeer extends MessagePeer {
  constructor(
    protected readonly transport: Transport,
    router: HandlerLookup,
    protected readonly maxFrameSize: number,
    private readonly texts: ServingOnlyTexts,
  ) {
    super(router, 0);
    transport.start({
      onData: (data) => this.receive(data),
      onClose: (error) => this.closeWith(error ?? new RpcError('CLOSED', texts.closedByPeer)),
    });
  }

  /** Handles what the transport delivered. */
  protected abstract receive(data: unknown): void;

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  notify(): void {
    throw new RpcError('UNAVAILABLE', this.texts.oneWay);
  }

  protected sendRequest(): void {
    throw new RpcError('UNAVAILABLE', this.texts.oneWay);
  }

  protected closeTransport(): void {
    this.transport.close();
  }
}
