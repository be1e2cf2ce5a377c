import type { IncomingMessage, ServerResponse } from 'node:http';
import { RpcError, type ServerProtocol, type Transport, type TransportSink } from '../../src/internal.js';

/** A Node HTTP request handler; `next` (Express/Connect style) gets requests outside its path. */
export type HttpHandler = (request: IncomingMessage, response: ServerResponse, next?: () => void) => void;

/** What the HTTP handlers need from a server: `server.accept`, or a listener's context. */
export interface AcceptingServer {
  /** Serves a transport in the given protocol (isorpc when omitted). */
  accept(transport: Transport, protocol?: ServerProtocol): unknown;
}

/** Reads a request body up to `maxBytes`; resolves with the size instead once it is over (nothing more is kept). */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array | { tooLarge: number }> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve({ tooLarge: declared });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    request.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        request.removeAllListeners('data');
        request.pause();
        resolve({ tooLarge: total });
      } else {
        chunks.push(chunk);
      }
    });
    request.once('end', () => resolve(Buffer.concat(chunks, total)));
    request.once('error', reject);
  });
}

/** Answers with a status and a short body, closing the connection (used when the body is refused unread). */
export function refuse(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-type': contentType, connection: 'close' }).end(body);
}

/** The path of a request URL, without the query. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  return path === '' ? '/' : path;
}

/**
 * A `'value'` transport for one HTTP exchange: it delivers one item (the request as a protocol wants
 * it) and turns the one reply into the HTTP response through `respond`. The peer closes once the
 * response is done; a client that goes away first closes it with `CLOSED`, which aborts the handler.
 */
export class HttpExchangeTransport implements Transport {
  readonly kind = 'value' as const;
  readonly remoteAddress: string;
  private sink: TransportSink | undefined;
  private answered = false;
  private finished = false;

  constructor(
    private readonly item: unknown,
    private readonly response: ServerResponse,
    private readonly respond: (reply: unknown) => void,
  ) {
    this.remoteAddress = `${response.req.socket.remoteAddress}:${response.req.socket.remotePort}`;
  }

  start(sink: TransportSink): void {
    this.sink = sink;
    this.response.once('close', () => {
      this.finish(this.response.writableFinished ? undefined : new RpcError('CLOSED', `The HTTP client ${this.remoteAddress} went away before the reply`));
    });
    // Delivered on a microtask, as the in-process transport does, so the peer is fully built first.
    queueMicrotask(() => {
      if (!this.finished) sink.onData(this.item);
    });
  }

  send(reply: unknown): void {
    if (this.answered || this.finished) return;
    this.answered = true;
    this.respond(reply);
  }

  close(): void {
    if (!this.answered && !this.response.headersSent) {
      this.answered = true;
      refuse(this.response, 503, 'text/plain; charset=utf-8', 'The server is closing\n');
    }
    this.finish(undefined);
  }

  private finish(error: RpcError | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.sink?.onClose(error);
  }
}
