import type { Caller, Client } from '../../calls/client-types.js';
import type { RpcError } from '../../errors.js';
import type { CallOptions } from '../../core/peer-types.js';

/** One element of a {@link JsonRpcClient.batch}. */
export interface BatchEntry {
  /** The method to call. */
  method: string;
  /** Its argument. */
  arg?: unknown;
  /** A notification: sent in the batch, never answered. */
  notify?: boolean;
}

/** What one batch element came to: `reply` or `error` (neither for a notification that was sent). */
export interface BatchResult<Result = unknown> {
  /** The reply, when the call succeeded. */
  reply: Result | undefined;
  /** The error, when it failed. */
  error: RpcError | undefined;
}

/** A JSON-RPC 2.0 caller that can batch; over HTTP (`jsonrpc+http://`) that is all a client is. */
export interface JsonRpcBatchCaller extends Caller {
  /**
   * Sends the entries as one JSON-RPC batch (one message, one HTTP request) and resolves, never
   * rejecting, with one result per entry in the same order. `options` (timeout, signal, metadata)
   * apply to every call in it.
   */
  batch(entries: readonly BatchEntry[], options?: CallOptions): Promise<BatchResult[]>;
}

/** A JSON-RPC 2.0 client that serves calls from the server too (`jsonrpc+tcp://`, `jsonrpc+ws://`). */
export interface JsonRpcClient extends JsonRpcBatchCaller, Client {}
