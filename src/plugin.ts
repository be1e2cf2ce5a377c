import type { RpcError } from './errors.js';
import type { Peer } from './peer-types.js';

/**
 * Connection-level hooks for logging, metrics and auth. Every hook is optional; with no plugin the
 * frame path does no extra work. A hook that throws an RpcError closes that connection with it.
 */
export interface Plugin {
  readonly name: string;
  /** The handshake completed; the peer can call and be called. */
  onConnect?(peer: Peer): void;
  /** The connection closed, for `reason`. */
  onDisconnect?(peer: Peer, reason: RpcError): void;
  /** Raw data arrived, before it is decoded: bytes on TCP/WebSocket, a value frame on ports. */
  beforeDecode?(data: unknown, peer: Peer): void;
  /** A frame was encoded and is about to be sent: bytes, or a value frame on ports. */
  afterEncode?(data: unknown, peer: Peer): void;
}
