import type { Client, ClientOptions } from '../../client/client.js';
import { RpcError } from '../../errors.js';
import { MessagePeer } from '../shared/message-peer.js';
import { resolvePeerOptions } from '../../core/options.js';
import { Router } from '../../calls/router.js';
import type { Transport } from '../../core/transport.js';
import { errorFromGoText } from '../shared/go-errors.js';
import { GobRpcStream } from './gob-rpc-stream.js';
import { EMPTY_STRUCT, REQUEST_TYPE, type GobRpcRequest } from './rpc-messages.js';

/**
 * A client for a Go `net/rpc` server on its default gob codec (`rpc.ServeConn`, `rpc.HandleHTTP`):
 * what `connect('gob+tcp://…')` and `connect('gob+http://…')` open. Each call is a `rpc.Request` and
 * the argument; replies come in any order, matched by `Seq`. A reply this side cannot read closes the
 * connection, as in Go's client; a reply body it cannot read fails that call only.
 */
class GobRpcClient extends MessagePeer implements Client {
  private readonly gobStream: GobRpcStream;

  constructor(
    private readonly transport: Transport,
    maxFrameSize: number,
    maxDepth: number,
    timeout: number,
  ) {
    super(new Router(), timeout);
    this.gobStream = new GobRpcStream(maxFrameSize, maxDepth);
    transport.start({
      onData: (data) => this.receive(data),
      onClose: (error) => this.closeWith(error ?? new RpcError('CLOSED', 'The Go server closed the connection')),
    });
  }

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  register(): this {
    throw new TypeError('A Go net/rpc connection carries calls one way: a Go server cannot call the client back');
  }

  handle(): this {
    return this.register();
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

  private write(seq: number, method: string, arg: unknown): void {
    const header: GobRpcRequest = { ServiceMethod: method, Seq: seq };
    // Go cannot encode a nil argument; "no argument" goes as struct{}{}, which any struct argument accepts.
    const none = arg === undefined || arg === null;
    this.transport.send(this.gobStream.write(header, REQUEST_TYPE, none ? {} : arg, none ? EMPTY_STRUCT : undefined));
  }

  private receive(data: unknown): void {
    let replies;
    try {
      replies = this.gobStream.read(data);
    } catch (error) {
      return this.closeWith(RpcError.from(error, 'PROTOCOL'));
    }
    for (const { header, body } of replies) {
      if (this.closed) return;
      const seq = Number(header.Seq);
      const text = typeof header.Error === 'string' ? header.Error : '';
      if (text !== '') this.settleCall(seq, { ok: false, error: errorFromGoText(text) });
      else if (body.ok) this.settleCall(seq, { ok: true, value: body.value });
      else this.settleCall(seq, { ok: false, error: new RpcError('BAD_REQUEST', `The reply of ${header.ServiceMethod} could not be read: ${body.error.message}`, { cause: body.error }) });
    }
  }
}

/** Wraps an open byte transport to a Go net/rpc gob server (after the CONNECT, over HTTP) in a client. */
export function openGobRpcClient(transport: Transport, options: ClientOptions = {}): Client {
  const { maxFrameSize, maxDepth, timeout } = resolvePeerOptions(options);
  return new GobRpcClient(transport, maxFrameSize, maxDepth, timeout);
}
