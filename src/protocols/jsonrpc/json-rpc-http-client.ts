import type { ClientOptions } from '../../calls/client-types.js';
import { isRpcError, RpcError } from '../../errors.js';
import { callHeaders } from '../shared/http-headers.js';
import { createJsonMessageReader, encodeJsonText, frameJsonText } from '../../framing/json-framing.js';
import { resolveOptionsWithoutCodecs } from '../../calls/options.js';
import type { CallOptions, NotifyOptions } from '../../core/peer-types.js';
import { Router } from '../../calls/router.js';
import type { JsonRpcBatchCaller } from './client-types.js';
import { JsonRpcCaller } from './json-rpc-caller.js';
import { classifyMessage, type JsonRpcRequest } from './messages.js';

/** Options of {@link createJsonRpcHttpClient}. */
export interface JsonRpcHttpClientOptions extends ClientOptions {
  /** Headers sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** The `fetch` to use; default `globalThis.fetch` (browsers, Node ≥ 18, Deno, Bun). */
  fetch?: typeof fetch;
}

/** One HTTP request in flight, and the calls it carries that someone still waits for. */
interface Exchange {
  controller: AbortController;
  waiting: Set<number>;
}

/**
 * A JSON-RPC 2.0 client over HTTP POST with `fetch`, so it runs in browsers too. Each call (or batch)
 * is one request; metadata and the call's timeout travel as headers (see http-headers.ts), so the
 * handler sees them. Cancelling a call or its timeout aborts the request, which the isorpc HTTP
 * handler turns into an aborted `ctx.signal`. HTTP carries calls one way, so it cannot serve calls.
 */
class JsonRpcHttpClient extends JsonRpcCaller implements JsonRpcBatchCaller {
  private readonly exchanges = new Map<number, Exchange>();
  private readonly inFlight = new Set<Exchange>();
  private readonly fetch: typeof fetch;

  constructor(
    private readonly url: string,
    private readonly maxFrameSize: number,
    timeout: number,
    private readonly headers: Record<string, string>,
    fetchImpl: typeof fetch | undefined,
  ) {
    super(new Router(), timeout);
    const found = fetchImpl ?? globalThis.fetch;
    if (typeof found !== 'function') throw new TypeError('This runtime has no fetch(); pass one as the fetch option');
    this.fetch = found.bind(globalThis);
  }

  get remoteAddress(): string {
    return this.url;
  }


  protected post(payload: JsonRpcRequest | JsonRpcRequest[], seqs: readonly number[], options: CallOptions | NotifyOptions | undefined): void {
    const body = frameJsonText(encodeJsonText(payload), 'message', this.maxFrameSize) as string;
    const timeout = Math.floor((options as CallOptions | undefined)?.timeout ?? this.defaultTimeout);
    // Built here so a header that HTTP cannot carry fails this call with BAD_REQUEST, synchronously.
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json', ...this.headers, ...callHeaders(options?.metadata, seqs.length > 0 ? timeout : 0) });
    const exchange: Exchange = { controller: new AbortController(), waiting: new Set(seqs) };
    for (const seq of seqs) this.exchanges.set(seq, exchange);
    this.inFlight.add(exchange);
    this.fetch(this.url, { method: 'POST', headers, body, signal: exchange.controller.signal })
      .then((response) => this.receive(response, seqs))
      .catch((error: unknown) => this.fail(seqs, isRpcError(error) ? error : this.unreachable(error)))
      .finally(() => {
        this.inFlight.delete(exchange);
        for (const seq of seqs) this.exchanges.delete(seq);
      });
  }

  /** A cancelled or timed-out call aborts its request once no other call of a batch waits on it. */
  protected override abandonCall(seq: number): void {
    const exchange = this.exchanges.get(seq);
    if (exchange === undefined) return;
    exchange.waiting.delete(seq);
    if (exchange.waiting.size === 0) exchange.controller.abort();
  }

  protected closeTransport(): void {
    for (const exchange of this.inFlight) exchange.controller.abort();
  }

  private async receive(response: Response, seqs: readonly number[]): Promise<void> {
    const body = await readBody(response, this.maxFrameSize);
    if (seqs.length === 0) return;
    const [input] = createJsonMessageReader('message', this.maxFrameSize).read(body);
    if (input === undefined || 'error' in input) {
      const why = body.byteLength === 0 ? 'an empty body' : input?.error.message;
      const code = response.ok ? 'PROTOCOL' : response.status === 413 ? 'FRAME_TOO_LARGE' : 'UNAVAILABLE';
      return this.fail(seqs, new RpcError(code, `${this.url} answered HTTP ${response.status} with ${why}; is a JSON-RPC server there?`));
    }
    for (const item of Array.isArray(input.value) ? input.value : [input.value]) {
      const message = classifyMessage(item);
      if (message.kind === 'response') this.receiveResponse(message);
    }
    this.fail(seqs, new RpcError('PROTOCOL', `${this.url} sent no response for the call; is it a JSON-RPC 2.0 server?`));
  }

  private unreachable(error: unknown): RpcError {
    return new RpcError('UNAVAILABLE', `Could not reach ${this.url}: ${(error as Error)?.message ?? String(error)}. Is a JSON-RPC HTTP server listening there?`, { cause: error });
  }

  /** Fails whichever of `seqs` are still pending (the others were settled or abandoned). */
  private fail(seqs: readonly number[], error: RpcError): void {
    for (const seq of seqs) this.settleCall(seq, { ok: false, error });
  }
}

/** Reads a response body, refusing one over `maxBytes` before buffering more of it. */
async function readBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = (size: number): RpcError => new RpcError('FRAME_TOO_LARGE', `The HTTP response of ${size} bytes exceeds the limit of ${maxBytes} bytes; raise maxFrameSize`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(declared);
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(total);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A JSON-RPC 2.0 client for an HTTP endpoint such as `http://127.0.0.1:8080/rpc` (what
 * `connect('jsonrpc+http://…')` opens). Nothing is opened until the first call.
 */
export function createJsonRpcHttpClient(url: string, options: JsonRpcHttpClientOptions = {}): JsonRpcBatchCaller {
  const { maxFrameSize, timeout } = resolveOptionsWithoutCodecs(options);
  return new JsonRpcHttpClient(url, maxFrameSize, timeout, options.headers ?? {}, options.fetch);
}
