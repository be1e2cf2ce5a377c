import { RpcError } from '../../errors.js';
import { ServingOnlyPeer } from '../shared/serving-only-peer.js';
import type { CallOutcome } from '../../calls/serve-call.js';
import type { HandlerLookup, ServerProtocol } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import { goNotFoundText } from '../shared/go-errors.js';
import { GobRpcStream } from './gob-rpc-stream.js';
import { EMPTY_STRUCT, RESPONSE_TYPE, type GobRpcResponse } from './rpc-messages.js';

/**
 * Serves Go's `rpc.Dial`/`rpc.DialHTTP` clients (net/rpc on its default gob codec) from the server's
 * router. Calls run concurrently and are answered as they finish with a `rpc.Response` and the reply
 * (its gob type inferred, or given with `gob.value`); an error goes as Go's text with an empty struct.
 * A header it cannot read closes the connection, as Go's server does; an argument it cannot read is
 * answered with the error and the connection goes on.
 */
class GobRpcServerPeer extends ServingOnlyPeer {
  private readonly gobStream: GobRpcStream;

  constructor(transport: Transport, router: HandlerLookup, maxFrameSize: number) {
    super(transport, router, maxFrameSize, {
      oneWay: 'A Go net/rpc connection carries calls one way, from the Go client; the server cannot call it back',
      closedByPeer: 'The Go client closed the connection',
    });
    this.gobStream = new GobRpcStream(maxFrameSize);
  }

  protected receive(data: unknown): void {
    let calls;
    try {
      calls = this.gobStream.read(data);
    } catch (error) {
      return this.closeWith(RpcError.from(error, 'PROTOCOL'));
    }
    for (const { header, body } of calls) {
      if (this.closed) return;
      const { ServiceMethod: method, Seq: seq } = header;
      if (!body.ok) {
        this.reply(method, seq, { ok: false, error: new RpcError('BAD_REQUEST', `reading body ${body.error.message}`) });
        continue;
      }
      this.serve({ method, arg: body.value })
        .then((outcome) => this.reply(method, seq, outcome))
        .catch((error: unknown) => this.closeWith(RpcError.from(error))); // a bug here must not take the process down
    }
  }

  private reply(method: string, seq: number | bigint, outcome: CallOutcome): void {
    if (this.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = outcome.ok
        ? this.gobStream.write({ ServiceMethod: method, Seq: seq, Error: '' } satisfies GobRpcResponse, RESPONSE_TYPE, outcome.value ?? {}, outcome.value === undefined || outcome.value === null ? EMPTY_STRUCT : undefined)
        : this.errorBytes(method, seq, this.errorText(method, outcome.error));
    } catch (error) {
      bytes = this.errorBytes(method, seq, `The reply of ${method} could not be sent: ${(error as Error).message}`);
    }
    this.transport.send(bytes);
  }

  private errorBytes(method: string, seq: number | bigint, text: string): Uint8Array {
    return this.gobStream.write({ ServiceMethod: method, Seq: seq, Error: text } satisfies GobRpcResponse, RESPONSE_TYPE, {}, EMPTY_STRUCT);
  }

  private errorText(method: string, error: RpcError): string {
    if (error.code === 'NOT_FOUND') return goNotFoundText(method, this.router.methods());
    return error.message || 'unspecified error';
  }
}

/**
 * Go's net/rpc on its default gob codec: `server.listen('gob+tcp://…')` and `'gob+http://…'` use it,
 * so Go's `rpc.Dial` and `rpc.DialHTTP` clients call the registered services.
 */
export const gobRpcServerProtocol: ServerProtocol = {
  name: 'gob',
  serve: (transport, router, options) => new GobRpcServerPeer(transport, router, options.maxFrameSize),
};
