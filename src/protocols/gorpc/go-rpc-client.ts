import type { Client, ClientOptions } from '../../client/client.js';
import { RpcError } from '../../errors.js';
import { createJsonMessageReader, encodeJsonMessage, type JsonMessageReader } from '../../framing/json-framing.js';
import { MessagePeer } from '../shared/message-peer.js';
import { resolvePeerOptions } from '../../core/options.js';
import { Router } from '../../calls/router.js';
import type { Transport } from '../../core/transport.js';
import { errorFromGoText } from '../shared/go-errors.js';
import type { GoRequest } from './messages.js';

/**
 * A client for a Go `net/rpc` server that serves connections with `jsonrpc.ServeConn` (what
 * `connect('gorpc+tcp://…')` opens). Calls go out as `{"method","params":[arg],"id"}`; replies may
 * come in any order and are matched by id. A reply this side cannot read closes the connection, as
 * it does in Go's own client.
 */
class GoRpcClient extends MessagePeer implements Client {
  private readonly reader: JsonMessageReader;

  constructor(
    private readonly transport: Transport,
    private readonly maxFrameSize: number,
    timeout: number,
  ) {
    super(new Router(), timeout);
    this.reader = createJsonMessageReader(transport.kind, maxFrameSize);
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

  private write(id: number, method: string, arg: unknown): void {
    const request: GoRequest = { method, params: [arg === undefined ? null : arg], id };
    this.transport.send(encodeJsonMessage(request, this.transport.kind, this.maxFrameSize));
  }

  private receive(data: unknown): void {
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
export function openGoRpcClient(transport: Transport, options: ClientOptions = {}): Client {
  const { maxFrameSize, timeout } = resolvePeerOptions(options);
  return new GoRpcClient(transport, maxFrameSize, timeout);
}
