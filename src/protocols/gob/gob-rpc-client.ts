import type { Caller, ClientOptions } from '../../calls/client-types.js';
import { RpcError } from '../../errors.js';
import { CallerOnlyPeer } from '../shared/caller-only-peer.js';
import { resolveOptionsWithoutCodecs } from '../../calls/options.js';
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
class GobRpcClient extends CallerOnlyPeer {
  private readonly gobStream: GobRpcStream;

  constructor(transport: Transport, maxFrameSize: number, maxDepth: number, timeout: number) {
    super(transport, timeout, 'The Go server closed the connection');
    this.gobStream = new GobRpcStream(maxFrameSize, maxDepth);
  }

  protected write(seq: number, method: string, arg: unknown): void {
    const header: GobRpcRequest = { ServiceMethod: method, Seq: seq };
    // Go cannot encode a nil argument; "no argument" goes as struct{}{}, which any struct argument accepts.
    const none = arg === undefined || arg === null;
    this.transport.send(this.gobStream.write(header, REQUEST_TYPE, none ? {} : arg, none ? EMPTY_STRUCT : undefined));
  }

  protected receive(data: unknown): void {
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
export function openGobRpcClient(transport: Transport, options: ClientOptions = {}): Caller {
  const { maxFrameSize, maxDepth, timeout } = resolveOptionsWithoutCodecs(options);
  return new GobRpcClient(transport, maxFrameSize, maxDepth, timeout);
}
