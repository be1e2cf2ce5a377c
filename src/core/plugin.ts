import type { RpcError } from '../errors.js';
import type { Peer } from './peer-types.js';

/**
 * Connection-level hooks for logging, metrics and auth. Every hook is optional; with no plugin the
 * frame path does no extra work. A hook that throws an RpcError closes that connection with it.
 */
export interface Plugin {
  /** A name for logs. */
  readonly name: string;
  /** The handshake completed; the peer can call and be called. */
  onConnect?(peer: Peer): void;
  /** The connection closed, for `reason`. */
  onDisconnect?(peer: Peer, reason: RpcError): void;
  /** Raw data arrived, before it is decoded: bytes on TCP/WebSocket, a value frame on ports. */
  beforeDecode?(data: unknown, peer: Peer): void;
  /** A frame was encoded and is about to be sent: bytes, or a value frame on ports. */
  afterEncode?(data: unknown, peer: Peer): void;
  /**
   * A limit or the auth hook refused a call or the connection: `limit` names it (`'maxInFlightCalls'`,
   * `'rateLimit'`, `'maxConnections'`, `'auth'`) and `reason` is the error the peer was sent.
   */
  onReject?(peer: Peer, reason: RpcError, limit: RejectingLimit): void;
  /**
   * A handler's reply did not match its output schema: the caller got a bare `INTERNAL`; `error`
   * names the method and the first problem, and `error.data.issues` lists them all. Log it here.
   */
  onInvalidOutput?(peer: Peer, method: string, error: RpcError): void;
}

/** What refused a call or a connection (see {@link Plugin.onReject}). */
export type RejectingLimit = 'maxInFlightCalls' | 'rateLimit' | 'maxConnections' | 'auth';

/** Tells every plugin about a refusal. */
export function reportReject(plugins: readonly Plugin[], peer: Peer, reason: RpcError, limit: RejectingLimit): void {
  for (const plugin of plugins) plugin.onReject?.(peer, reason, limit);
}
