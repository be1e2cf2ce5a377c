import { RpcError } from '../../errors.js';
import { MessagePeer } from '../shared/message-peer.js';
import type { Call, CallOptions, NotifyOptions } from '../../core/peer-types.js';
import type { BatchEntry, BatchResult } from './client-types.js';
import { fromJsonRpcError } from './error-mapping.js';
import { JSONRPC_VERSION, type JsonRpcInput, type JsonRpcRequest } from './messages.js';
import { argToParams } from './params.js';

/** A request (with `id`) or a notification (without). */
function request(method: string, arg: unknown, id?: number): JsonRpcRequest {
  const message: JsonRpcRequest = { jsonrpc: JSONRPC_VERSION, method };
  const params = argToParams(arg);
  if (params !== undefined) message.params = params;
  if (id !== undefined) message.id = id;
  return message;
}

/**
 * The calling half of a JSON-RPC 2.0 peer, whatever carries it: requests, notifications and batches
 * go out through `post`, replies come back through `receiveResponse`. Request ids are the pending
 * table's sequence numbers.
 */
export abstract class JsonRpcCaller extends MessagePeer {
  /** While `batch()` collects its entries: the requests and the ids of the calls among them. */
  private collecting: { messages: JsonRpcRequest[]; seqs: number[] } | undefined;

  /**
   * Sends one message, a request or a batch, carrying calls `seqs` (none for a notification).
   * Throws an RpcError when it cannot be sent; the calls then fail with it.
   */
  protected abstract post(payload: JsonRpcRequest | JsonRpcRequest[], seqs: readonly number[], options: CallOptions | NotifyOptions | undefined): void;

  notify(method: string, arg?: unknown, options?: NotifyOptions): void {
    if (this.closed) throw this.closedError();
    this.emit(request(method, arg), undefined, options);
  }

  async batch(entries: readonly BatchEntry[], options?: CallOptions): Promise<BatchResult[]> {
    if (this.closed) {
      const error = this.closedError();
      return entries.map(() => ({ reply: undefined, error }));
    }
    const collecting = { messages: [] as JsonRpcRequest[], seqs: [] as number[] };
    let calls: Array<Call | undefined>;
    this.collecting = collecting;
    try {
      calls = entries.map((entry) => {
        if (!entry.notify) return this.go(entry.method, entry.arg, options);
        collecting.messages.push(request(entry.method, entry.arg));
        return undefined;
      });
    } finally {
      this.collecting = undefined;
    }
    if (collecting.messages.length > 0) {
      try {
        this.post(collecting.messages, collecting.seqs, options);
      } catch (error) {
        const reason = RpcError.from(error, 'BAD_REQUEST');
        for (const seq of collecting.seqs) this.settleCall(seq, { ok: false, error: reason });
      }
    }
    const settled = await Promise.all(calls.map((call) => call?.done));
    return settled.map((call) => ({ reply: call?.reply, error: call?.error }));
  }

  protected sendRequest(seq: number, method: string, arg: unknown, options: CallOptions | undefined): void {
    this.emit(request(method, arg, seq), seq, options);
  }

  /** Settles the call a response answers. Ids this side never sent (strings, unknown numbers) are ignored. */
  protected receiveResponse(response: Extract<JsonRpcInput, { kind: 'response' }>): void {
    if (typeof response.id !== 'number') return;
    this.settleCall(response.id, response.error === undefined ? { ok: true, value: response.result } : { ok: false, error: fromJsonRpcError(response.error) });
  }

  private emit(message: JsonRpcRequest, seq: number | undefined, options: CallOptions | NotifyOptions | undefined): void {
    if (this.collecting !== undefined) {
      this.collecting.messages.push(message);
      if (seq !== undefined) this.collecting.seqs.push(seq);
      return;
    }
    this.post(message, seq === undefined ? [] : [seq], options);
  }
}
