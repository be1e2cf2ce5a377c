import type { RpcError } from '../errors.js';

/**
 * What a transport carries:
 * - `'stream'`: byte chunks with no message boundaries (TCP); the peer splits them with the protocol's
 *   length prefix.
 * - `'message'`: one `Uint8Array` per message, boundaries kept (WebSocket).
 * - `'value'`: structured-clone values, never encoded (MessagePort, worker_threads, in-process).
 */
export type TransportKind = 'stream' | 'message' | 'value';

/** Receives what a transport delivers. */
export interface TransportSink {
  /** One chunk (`'stream'`), one message (`'message'`) or one value (`'value'`). */
  onData(data: unknown): void;
  /** The link is gone. Called exactly once per transport; `error` is absent for a clean close. */
  onClose(error?: RpcError): void;
}

/**
 * The contract every platform adapter implements (see platforms/). Rules:
 * - `start` is called once; nothing is delivered before it.
 * - `send` never throws for a closed link (it drops the data: `onClose` has told the peer already);
 *   it may throw synchronously when the data cannot be carried (e.g. a DataCloneError).
 * - `close` is idempotent and leads to exactly one `onClose`, unless one was delivered already.
 * - Platform errors are mapped to an `RpcError` (`UNAVAILABLE`, `CLOSED`, `FRAME_TOO_LARGE`) in one
 *   function per adapter before they reach `onClose`.
 */
export interface Transport {
  /** What the transport carries: bytes in a stream, whole messages or values. */
  readonly kind: TransportKind;
  /** For logs and `peer.remoteAddress`, e.g. `'127.0.0.1:53122'`. */
  readonly remoteAddress?: string;
  /** Begins delivery to `sink`; called once. */
  start(sink: TransportSink): void;
  /** Sends one message; `transfer` lists transferables for `'value'` transports and is ignored by others. */
  send(data: unknown, transfer?: readonly object[]): void;
  /**
   * Optional, `'stream'` transports that hold writes back to join a tick's worth (TCP corks until the
   * next tick): writes at once a batch the sender already joined (isorpc's outbox), skipping that wait.
   * Same rules as `send`; bytes keep their order with those sent by `send`.
   */
  sendBatch?(data: Uint8Array): void;
  /** Closes the link; idempotent. */
  close(): void;
}

/** Tells whether `value` looks like a {@link Transport}. */
export function isTransport(value: unknown): value is Transport {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Transport>;
  return (
    typeof candidate.start === 'function' &&
    typeof candidate.send === 'function' &&
    typeof candidate.close === 'function' &&
    (candidate.kind === 'stream' || candidate.kind === 'message' || candidate.kind === 'value')
  );
}
