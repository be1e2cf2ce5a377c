import { createMsgpackCodec } from '../../codec/msgpack-codec.js';
import { RpcError } from '../../errors.js';
import { parseJsonText, stringifyJson } from '../../codec/json-text.js';
import { ServingOnlyPeer } from '../shared/serving-only-peer.js';
import { decodeUtf8 } from '../../codec/utf8.js';
import type { CallOutcome } from '../../calls/serve-call.js';
import type { HandlerLookup, ServerProtocol } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import { gatewayErrorBody, isMsgpackType, STATUS_BY_CODE, type GatewayReply, type GatewayRequest } from './gateway-messages.js';

/**
 * Serves one HTTP gateway request (`POST /Service.method`) from the server's router: decodes the body
 * (JSON, or MessagePack by content type), runs the handler with metadata and deadline from the
 * headers, and answers `{ "result": … }` with 200, or `{ "error": { code, message, remoteCode, data } }`
 * with the status of the error's code. The transport delivers one {@link GatewayRequest} and gets one
 * {@link GatewayReply}.
 */
class GatewayPeer extends ServingOnlyPeer {
  constructor(transport: Transport, router: HandlerLookup, maxFrameSize: number) {
    super(transport, router, maxFrameSize, {
      oneWay: 'An HTTP gateway request cannot carry calls back to the caller',
      closedByPeer: 'The HTTP exchange is over',
    });
  }

  protected receive(data: unknown): void {
    void this.answer(data as GatewayRequest).catch((error: unknown) => this.closeWith(RpcError.from(error)));
  }

  private async answer(request: GatewayRequest): Promise<void> {
    let arg: unknown;
    try {
      arg = this.decode(request);
    } catch (error) {
      return this.reply(request, { ok: false, error: new RpcError('BAD_REQUEST', `The request body could not be decoded: ${(error as Error).message}`, { cause: error }) });
    }
    const outcome = await this.serve({ method: this.routeFor(request.method), arg, metadata: request.metadata, timeoutMs: request.timeoutMs });
    this.reply(request, outcome);
  }

  /** `POST /echo` reaches a route registered as `/echo` when no method `echo` exists. */
  private routeFor(name: string): string {
    return this.router.lookup(name) === undefined && this.router.lookup(`/${name}`) !== undefined ? `/${name}` : name;
  }

  private decode(request: GatewayRequest): unknown {
    if (request.body.byteLength === 0) return undefined;
    if (isMsgpackType(request.contentType)) return createMsgpackCodec({ maxStringLength: this.maxFrameSize, maxBinaryLength: this.maxFrameSize }).decode(request.body);
    return parseJsonText(decodeUtf8(request.body, 0, request.body.byteLength));
  }

  private reply(request: GatewayRequest, outcome: CallOutcome): void {
    if (this.closed) return;
    const msgpack = isMsgpackType(request.accept);
    const contentType = msgpack ? 'application/msgpack' : 'application/json';
    const encode = (value: unknown): GatewayReply['body'] => (msgpack ? createMsgpackCodec().encode(value).slice() : stringifyJson(value));
    let error: RpcError;
    if (outcome.ok) {
      try {
        return this.transport.send({ status: 200, contentType, body: encode({ result: outcome.value ?? null }) } satisfies GatewayReply);
      } catch (cause) {
        error = new RpcError('INTERNAL', `The reply of ${request.method} could not be encoded: ${(cause as Error).message}`, { cause });
      }
    } else {
      error = outcome.error;
    }
    let body: GatewayReply['body'];
    try {
      body = encode(gatewayErrorBody(error));
    } catch {
      // The handler's `data` may be what cannot be encoded: send the error without it.
      body = encode({ error: { code: error.code, message: error.message } });
    }
    this.transport.send({ status: STATUS_BY_CODE[error.code], contentType, body, errorCode: error.code } satisfies GatewayReply);
  }
}

/** The HTTP gateway's protocol; `createHttpGateway()` in `isorpc/node` uses it. */
export const httpGatewayProtocol: ServerProtocol = {
  name: 'http-gateway',
  serve: (transport, router, options) => new GatewayPeer(transport, router, options.maxFrameSize),
};
