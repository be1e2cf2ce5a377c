import type { Caller, ClientOptions } from '../../calls/client-types.js';
import { RpcError } from '../../errors.js';
import { createJsonMessageReader, encodeJsonMessage, type JsonMessageReader } from '../../framing/json-framing.js';
import { CallerOnlyPeer } from '../shared/caller-only-peer.js';
import { resolveOptionsWithoutCodecs } from '../../calls/options.js';
import type { Transport } from '../../core/transport.js';
import { errorFromGoText } from '../shared/go-errors.js';
import type { GoRequest } from './messages.js';

/**
 * A client for a Go `net/rpc` server that serves connections with `jsonrpc.ServeConn` (what
 * `connect('gorpc+tcp://…')` opens). Calls go out as `{"method","params":[arg],"id"}`; replies may
 * come in any order and are matched by id. A reply this side cannot read closes the connection, as
 * it does in Go's own client.
 */
class GoRpcClient extends CallerOnlyPeer {
  private readonly reader: JsonMessageReader;

  constructor(
    transport: Transport,
    private readonly maxFrameSize: number,
    timeout: number,
  ) {
    super(transport, timeout, 'The Go server closed the connection');
    this.reader = createJsonMessageReader(transport.kind, maxFrameSize);
  }

  protected write(id: number, method: string, arg: unknown): void {
    const request: GoRequest = { method, params: [arg === undefined ? null : arg], id };
    this.transport.send(encodeJsonMessage(request, this.transport.kind, this.maxFrameSize));
  }

  protected receive(data: unknown): void {
    for (const input of this.reader.read(data)) {
      if (this.closed) return;
      if ('error' in input) return this.closeWith(input.error);
      const reply = input.value as Record<string, unknown> | null;
      if (typeof reply !== 'object' || reply === null || typeof reply.id !== 'number') {
        return this.closeWith(new RpcError('PROTOCOL', 'Malformed reply: expected {"id": number, "result", "error"} as Go\'s net/rpc/jsonrpc sends'));
      }
      const { id, result = null, error = null } = reply;
      if (error === null) this.settleCall(id, { ok: true, value: result });
      else this.settleCall(id, { ok: false, error: errorFromGoText(errorText(error)) });
    }
  }
}

/** Go sends a string; JSON-RPC 1.0 servers in other languages may send an object with a message. */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

/** Wraps an open TCP transport to a Go net/rpc JSON server in a client. */
export function openGoRpcClient(transport: Transport, options: ClientOptions = {}): Caller {
  const { maxFrameSize, timeout } = resolveOptionsWithoutCodecs(options);
  return new GoRpcClient(transport, maxFrameSize, timeout);
}
