import { RpcError } from '../../errors.js';
import { createJsonMessageReader, encodeJsonMessage, frameJsonText, type JsonInput, type JsonMessageReader } from '../../framing/json-framing.js';
import { stringifyJson } from '../../codec/json-text.js';
import type { ClientOptions } from '../../calls/client-types.js';
import { resolveOptionsWithoutCodecs } from '../../calls/options.js';
import type { Metadata } from '../../core/peer-types.js';
import { Router } from '../../calls/router.js';
import type { HandlerLookup } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import type { JsonRpcClient } from './client-types.js';
import { toJsonRpcError } from './error-mapping.js';
import { JsonRpcCaller } from './json-rpc-caller.js';
import { classifyMessage, errorResponse, JsonRpcErrorCode, resultResponse, type JsonRpcErrorObject, type JsonRpcId, type JsonRpcRequest } from './messages.js';
import { paramsToArg } from './params.js';
import { withOwnHandlers } from '../shared/with-own-handlers.js';

/** Most requests one batch may hold; a longer batch is refused whole with -32600. */
export const MAX_BATCH_LENGTH = 1000;

/**
 * What an HTTP exchange transport delivers (once): the request body and what the HTTP headers said.
 * The peer answers with one message: the response text, or `''` when there is nothing to answer.
 */
export interface JsonRpcExchange {
  /** The request: one JSON message (a request or a batch). */
  body: string | Uint8Array;
  /** Metadata from HTTP headers. */
  metadata?: Metadata;
  /** The caller's timeout from HTTP headers. */
  timeoutMs?: number;
}

/** Settings of a {@link JsonRpcPeer}. */
export interface JsonRpcPeerSettings {
  maxFrameSize: number;
  /** Default timeout of the calls this side makes, in ms. */
  timeout: number;
  /** One HTTP exchange: the transport delivers one {@link JsonRpcExchange}; no calls to the other side. */
  exchange: boolean;
}

/**
 * A JSON-RPC 2.0 peer over a TCP stream (newline-delimited JSON, though values back to back are read
 * too), a WebSocket (one text message per request or batch) or one HTTP exchange. Symmetric like the
 * isorpc connection: it calls the other side and serves the other side's requests through `router`,
 * so a server can call back a client on the same connection. Bad input is answered with the standard
 * error codes and the connection stays open.
 */
export class JsonRpcPeer extends JsonRpcCaller {
  private readonly reader: JsonMessageReader;

  constructor(
    private readonly transport: Transport,
    handlers: HandlerLookup,
    private readonly settings: JsonRpcPeerSettings,
  ) {
    super(handlers, settings.timeout);
    this.reader = createJsonMessageReader(settings.exchange ? 'message' : transport.kind, settings.maxFrameSize);
    transport.start({
      onData: (data) => this.receive(data),
      onClose: (error) => this.closeWith(error ?? new RpcError('CLOSED', 'The connection was closed by the other side')),
    });
  }

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  protected post(payload: JsonRpcRequest | JsonRpcRequest[]): void {
    if (this.settings.exchange) {
      throw new RpcError('UNAVAILABLE', 'An HTTP request cannot carry calls back to the client; use a WebSocket or TCP connection for calls in both directions');
    }
    this.transport.send(encodeJsonMessage(payload, this.transport.kind, this.settings.maxFrameSize));
  }

  protected closeTransport(): void {
    this.transport.close();
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    let body = data;
    let context: Omit<JsonRpcExchange, 'body'> = {};
    if (this.settings.exchange) ({ body, ...context } = data as JsonRpcExchange);
    for (const input of this.reader.read(body)) {
      if (this.closed) return;
      this.reply(this.answerInput(input, context)).catch((error: unknown) => this.closeWith(RpcError.from(error))); // a bug here must not take the process down
    }
  }

  /** The answer to one message: a parse error, a batch's answers, or a single answer. */
  private async answerInput(input: JsonInput, context: Omit<JsonRpcExchange, 'body'>): Promise<string | undefined> {
    if ('error' in input) return this.errorText(null, toJsonRpcError(input.error));
    return Array.isArray(input.value) ? this.answerBatch(input.value, context) : this.answer(input.value, context);
  }

  /** Sends an answer once it is ready; an HTTP exchange gets `''` when there is none. */
  private async reply(answer: Promise<string | undefined>): Promise<void> {
    const text = await answer;
    if (this.closed) return;
    if (text === undefined) {
      if (this.settings.exchange) this.transport.send('');
      return;
    }
    // Each response was checked against the limit already; only a batch of them can exceed it.
    this.transport.send(frameJsonText(text, this.settings.exchange ? 'message' : this.transport.kind, Number.POSITIVE_INFINITY));
  }

  private async answerBatch(batch: unknown[], context: Omit<JsonRpcExchange, 'body'>): Promise<string | undefined> {
    if (batch.length === 0) return this.errorText(null, { code: JsonRpcErrorCode.InvalidRequest, message: 'Invalid request: an empty batch' });
    if (batch.length > MAX_BATCH_LENGTH) {
      return this.errorText(null, { code: JsonRpcErrorCode.InvalidRequest, message: `Invalid request: a batch of ${batch.length} exceeds the limit of ${MAX_BATCH_LENGTH}` });
    }
    const answers = (await Promise.all(batch.map((item) => this.answer(item, context)))).filter((text) => text !== undefined);
    return answers.length === 0 ? undefined : `[${answers.join(',')}]`;
  }

  /** The response text for one request, or `undefined` for notifications and responses. */
  private async answer(message: unknown, context: Omit<JsonRpcExchange, 'body'>): Promise<string | undefined> {
    const input = classifyMessage(message);
    switch (input.kind) {
      case 'response':
        if (!this.settings.exchange) this.receiveResponse(input);
        return undefined;
      case 'invalid':
        return this.errorText(input.id, { code: JsonRpcErrorCode.InvalidRequest, message: `Invalid request: ${input.reason}` });
      case 'notification': {
        const served = this.serve({ method: input.method, arg: paramsToArg(input.params), ...context });
        // An HTTP exchange ends with its reply, which would abort the handler: wait for it there.
        if (this.settings.exchange) await served;
        return undefined;
      }
      case 'request': {
        const outcome = await this.serve({ method: input.method, arg: paramsToArg(input.params), ...context });
        return outcome.ok ? this.resultText(input.id, input.method, outcome.value) : this.errorText(input.id, toJsonRpcError(outcome.error));
      }
    }
  }

  private resultText(id: JsonRpcId, method: string, result: unknown): string {
    let text: string;
    try {
      text = stringifyJson(resultResponse(id, result));
    } catch (error) {
      return this.errorText(id, { code: JsonRpcErrorCode.InternalError, message: `The reply of ${method} could not be encoded as JSON: ${(error as Error).message}` });
    }
    try {
      frameJsonText(text, 'message', this.settings.maxFrameSize);
    } catch (error) {
      return this.errorText(id, { code: JsonRpcErrorCode.InternalError, message: `The reply of ${method} could not be sent: ${(error as Error).message}` });
    }
    return text;
  }

  private errorText(id: JsonRpcId, error: JsonRpcErrorObject): string {
    try {
      return stringifyJson(errorResponse(id, error));
    } catch {
      // The handler's `data` may be what cannot be encoded: send the error without it.
      return stringifyJson(errorResponse(id, { code: error.code, message: error.message }));
    }
  }
}

/** The client end: a JsonRpcPeer with its own router, which `register`/`handle` fill for the server's calls. */
class JsonRpcClientPeer extends withOwnHandlers(JsonRpcPeer) implements JsonRpcClient {}

/** Opens a JSON-RPC 2.0 client over an open transport (TCP or WebSocket); it can serve calls too. */
export function openJsonRpcClient(transport: Transport, options: ClientOptions = {}): JsonRpcClient {
  const { maxFrameSize, timeout } = resolveOptionsWithoutCodecs(options);
  return new JsonRpcClientPeer(transport, new Router(), { maxFrameSize, timeout, exchange: false });
}
