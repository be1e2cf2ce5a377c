import { RpcError } from '../../errors.js';
import { createJsonMessageReader, frameJsonText, type JsonMessageReader } from '../../framing/json-framing.js';
import { stringifyJson } from '../../codec/json-text.js';
import { ServingOnlyPeer } from '../shared/serving-only-peer.js';
import type { CallOutcome } from '../../calls/serve-call.js';
import type { HandlerLookup, ServerProtocol } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import { goNotFoundText } from '../shared/go-errors.js';
import { MISSING_PARAMS, type GoResponse } from './messages.js';

/**
 * Serves a Go `jsonrpc.NewClient` (or anything speaking Go's JSON-RPC 1.0 codec) from the server's
 * router. Requests are served concurrently and answered as they finish, matched by `id`, which is
 * echoed as it came. Like Go's server, it closes the connection on a message it cannot read (not
 * JSON, not an object), since that codec has no way to report an error without an id.
 */
export class GoRpcServerPeer extends ServingOnlyPeer {
  private readonly reader: JsonMessageReader;

  constructor(transport: Transport, router: HandlerLookup, maxFrameSize: number) {
    super(transport, router, maxFrameSize, {
      oneWay: 'A Go net/rpc connection carries calls one way, from the Go client; the server cannot call it back',
      closedByPeer: 'The Go client closed the connection',
    });
    this.reader = createJsonMessageReader(transport.kind, maxFrameSize);
  }

  protected receive(data: unknown): void {
    for (const input of this.reader.read(data)) {
      if (this.closed) return;
      if ('error' in input) return this.closeWith(input.error);
      this.dispatch(input.value);
    }
  }

  private dispatch(message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return this.closeWith(new RpcError('PROTOCOL', 'Malformed request: expected a JSON object {"method","params","id"} as Go\'s net/rpc/jsonrpc sends'));
    }
    const { method = '', params, id = null } = message as Record<string, unknown>;
    if (typeof method !== 'string') return this.closeWith(new RpcError('PROTOCOL', 'Malformed request: "method" must be a string'));
    if (params === undefined || params === null) return this.reply(id, method, { ok: false, error: new RpcError('BAD_REQUEST', MISSING_PARAMS) });
    if (!Array.isArray(params)) {
      return this.reply(id, method, { ok: false, error: new RpcError('BAD_REQUEST', `json: cannot unmarshal ${typeof params} into Go value of type [1]interface {}`) });
    }
    this.serve({ method, arg: params[0] })
      .then((outcome) => this.reply(id, method, outcome))
      .catch((error: unknown) => this.closeWith(RpcError.from(error))); // a bug here must not take the process down
  }

  private reply(id: unknown, method: string, outcome: CallOutcome): void {
    if (this.closed) return;
    let text: string;
    try {
      // Go's client treats `result: null` with `error: null` as fatal: a handler's "nothing" is {}.
      const response: GoResponse = outcome.ok ? { id, result: outcome.value ?? {}, error: null } : { id, result: null, error: this.errorText(method, outcome.error) };
      text = stringifyJson(response);
      frameJsonText(text, 'message', this.maxFrameSize); // throws over the limit
    } catch (error) {
      // Not checked against the limit again: only a huge id could still exceed it, and the caller sent that.
      text = stringifyJson({ id, result: null, error: `The reply of ${method} could not be sent: ${(error as Error).message}` } satisfies GoResponse);
    }
    this.transport.send(frameJsonText(text, this.transport.kind, Number.POSITIVE_INFINITY));
  }

  private errorText(method: string, error: RpcError): string {
    if (error.code === 'NOT_FOUND') return goNotFoundText(method, this.router.methods());
    return error.message || 'unspecified error';
  }
}

/**
 * Go's net/rpc JSON codec on a connection: `server.listen('gorpc+tcp://…')` uses it, so a Go
 * `jsonrpc.Dial("tcp", addr)` client calls the registered services (`Arith.Multiply` and so on).
 */
export const goRpcServerProtocol: ServerProtocol = {
  name: 'gorpc',
  serve: (transport, router, options) => new GoRpcServerPeer(transport, router, options.maxFrameSize),
};
