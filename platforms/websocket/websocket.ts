/**
 * `isorpc/websocket`: the WebSocket transport alone, for the browser's WebSocket or `ws`.
 *
 * @module isorpc/websocket
 */
import WebSocketImpl from 'isomorphic-ws';
import { formatAddress, RpcError, type DialFunction, type Transport, type TransportSink } from '../../src/internal.js';

/** The part of the WebSocket API isorpc uses; both the browser's WebSocket and `ws` fit it. */
export interface WebSocketLike {
  /** Set to `arraybuffer`, so binary messages arrive as bytes. */
  binaryType: string;
  /** `1` (OPEN) once the socket can send. */
  readonly readyState: number;
  /** Binary for isorpc frames; text for JSON-RPC messages. */
  send(data: Uint8Array | string): void;
  /** Closes the socket with an optional close code and reason. */
  close(code?: number, reason?: string): void;
  /** Receives each message. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called once when the socket has closed, with its close code. */
  onclose: ((event: { code: number; reason: string }) => void) | null;
  /** Called on a socket error; a close follows. */
  onerror: ((event: unknown) => void) | null;
  /** Called once the socket is open. */
  onopen: ((event: unknown) => void) | null;
}

const OPEN = 1;

/** Maps a WebSocket close code to the reason isorpc reports; `undefined` for a normal close. */
export function closeReason(code: number, reason: string): RpcError | undefined {
  if (code === 1000 || code === 1001 || code === 1005) return undefined;
  if (code === 1009) return new RpcError('FRAME_TOO_LARGE', `The WebSocket peer refused a message over its size limit (close code 1009${reason ? `: ${reason}` : ''}); raise maxFrameSize on both peers`);
  if (code === 1006) return new RpcError('CLOSED', 'The WebSocket connection was lost (close code 1006, no close frame)');
  return new RpcError('CLOSED', `The WebSocket was closed with code ${code}${reason ? `: ${reason}` : ''}`);
}

/** A `'message'` transport over an open WebSocket (browser WebSocket or a `ws` socket, client or server side). */
export function webSocketTransport(socket: WebSocketLike, remoteAddress?: string): Transport {
  return new WebSocketTransport(socket, remoteAddress);
}

class WebSocketTransport implements Transport {
  readonly kind = 'message' as const;
  private sink: TransportSink | undefined;

  constructor(
    private readonly socket: WebSocketLike,
    readonly remoteAddress: string | undefined,
  ) {
    // `ws` delivers Node Buffers (already Uint8Array); browsers would default to Blob.
    if (socket.binaryType !== 'nodebuffer') socket.binaryType = 'arraybuffer';
  }

  start(sink: TransportSink): void {
    this.sink = sink;
    this.socket.onmessage = (event) => {
      const data = event.data;
      sink.onData(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    };
    this.socket.onclose = (event) => this.finish(closeReason(event.code, event.reason));
    this.socket.onerror = () => undefined; // a close event always follows, with the code
    if (this.socket.readyState > OPEN) this.finish(new RpcError('CLOSED', 'The WebSocket closed before isorpc could use it'));
  }

  send(data: unknown): void {
    if (this.socket.readyState === OPEN) this.socket.send(data as Uint8Array | string);
  }

  close(): void {
    if (this.socket.readyState <= OPEN) this.socket.close(1000);
    else this.finish(undefined);
  }

  private finish(reason: RpcError | undefined): void {
    const sink = this.sink;
    this.sink = undefined;
    this.socket.onmessage = this.socket.onclose = null;
    sink?.onClose(reason);
  }
}

/** Opens a WebSocket to `ws://` / `wss://` addresses; rejects with `UNAVAILABLE` when it cannot. */
export const dialWebSocket: DialFunction = (address, { timeout, maxFrameSize, tls, origin }) => {
  const url = formatAddress(address);
  return new Promise<Transport>((resolve, reject) => {
    // The third argument is `ws`'s options in Node; browsers ignore it.
    const Ctor = WebSocketImpl as unknown as new (url: string, protocols?: string[], options?: object) => WebSocketLike;
    // In Node, `tls` (ca, cert, key, servername, rejectUnauthorized) goes to `ws` for wss://.
    // No permessage-deflate: isorpc compresses bodies itself when asked, and deflating every small
    // message costs more CPU than it saves on the wire (browsers cannot turn it off; they rarely get it).
    const socket = new Ctor(url, [], { maxPayload: maxFrameSize, perMessageDeflate: false, ...tls, ...(origin === undefined ? {} : { origin }) });
    const fail = (why: string): void => {
      clearTimeout(timer);
      socket.onopen = socket.onclose = socket.onerror = null;
      if (socket.readyState <= OPEN) socket.close();
      reject(new RpcError('UNAVAILABLE', `Could not connect to ${url}: ${why}. Is an isorpc WebSocket server listening there?`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeout} ms`), timeout);
    socket.onerror = () => undefined;
    socket.onclose = (event) => fail(`the connection was refused or closed (code ${event.code})`);
    socket.onopen = () => {
      clearTimeout(timer);
      socket.onopen = socket.onclose = null;
      resolve(webSocketTransport(socket, url));
    };
  });
};
