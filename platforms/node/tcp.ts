import net from 'node:net';
import { formatAddress, RpcError, type DialFunction, type ListenFunction, type Listener, type ParsedAddress, type Transport, type TransportSink } from '../../src/internal.js';

/** Maps a socket error to the RpcError isorpc reports. The one place Node error codes are read. */
export function socketError(error: NodeJS.ErrnoException, target: string): RpcError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RpcError('UNAVAILABLE', `Could not connect to ${target}: connection refused. Is the server running and listening there?`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RpcError('UNAVAILABLE', `Could not connect to ${target}: the host name does not resolve`, { cause: error });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new RpcError('UNAVAILABLE', `Could not connect to ${target}: the host is unreachable (${error.code})`, { cause: error });
    case 'ECONNRESET':
    case 'EPIPE':
      return new RpcError('CLOSED', `The connection to ${target} was reset by the other side`, { cause: error });
    default:
      if (/CERT|ERR_TLS|ERR_SSL|SIGNATURE/.test(error.code ?? '')) {
        return new RpcError('UNAVAILABLE', `TLS with ${target} failed (${error.code}): ${error.message}; check the certificates, ca and servername`, { cause: error });
      }
      return new RpcError('CLOSED', `The connection to ${target} failed: ${error.message}`, { cause: error });
  }
}

/** A write at least this large leaves at once rather than at the end of the tick (see src/isorpc/outbox.ts). */
const UNCORK_BYTES = 4096;
/** How long a closing socket may take to flush before it is destroyed. */
const END_GRACE_MS = 2000;

/** A `'stream'` transport over a connected TCP (or TLS) socket. */
export function socketTransport(socket: net.Socket): Transport {
  return new SocketTransport(socket);
}

class SocketTransport implements Transport {
  readonly kind = 'stream' as const;
  readonly remoteAddress: string;
  private error: RpcError | undefined;
  private corked = false;
  // Frames sent in one burst (a stream's window, many replies) leave in one writev: the socket is
  // corked at the first write and uncorked on nextTick, which runs once the microtasks have drained.
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(private readonly socket: net.Socket) {
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
  }

  start(sink: TransportSink): void {
    // A plain Uint8Array view of each chunk: the frames cut from it are then native subarrays, not
    // Buffers (Buffer#subarray runs through JS and makes a FastBuffer per frame).
    this.socket.on('data', (chunk: Buffer) => sink.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    this.socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error ??= socketError(error, this.remoteAddress);
    });
    this.socket.once('close', () => sink.onClose(this.error));
  }

  send(data: unknown): void {
    if (!this.socket.writable) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(data as Uint8Array);
    if ((data as Uint8Array).byteLength >= UNCORK_BYTES) {
      // Flush what is corked now; the socket stays corked for the rest of the tick.
      this.socket.uncork();
      this.socket.cork();
    }
  }

  /** A tick's frames joined by the sender: written now, not corked to the next tick. */
  sendBatch(data: Uint8Array): void {
    if (this.socket.writable) this.socket.write(data);
  }

  close(): void {
    if (this.socket.destroyed) return;
    // end() flushes what is queued (e.g. a GoAway frame) before the FIN.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
  }
}

/** Dials `tcp://host:port` / `tcp@host:port`. */
export const dialTcp: DialFunction = (address, { timeout }) => dialSocket(address, timeout, 'connect', () => net.connect({ host: address.host, port: address.port }));

/** Opens a socket with `open` and resolves once it emits `ready` ('connect', or 'secureConnect' for TLS). */
export function dialSocket(address: ParsedAddress, timeout: number, ready: string, open: () => net.Socket): Promise<Transport> {
  const target = formatAddress(address);
  return new Promise<Transport>((resolve, reject) => {
    const socket = open();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RpcError('UNAVAILABLE', `Could not connect to ${target}: no answer within ${timeout} ms`));
    }, timeout);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(socketError(error, target));
    });
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socketTransport(socket));
    });
  });
}

/** Listens on `tcp://host:port` / `tcp@host:port`; port 0 picks a free port. */
export const listenTcp: ListenFunction = (address, context) => {
  const server = net.createServer({ noDelay: true }, (socket) => context.accept(socketTransport(socket)));
  return bindServer(server, address);
};

/**
 * Binds a net (or tls) server and describes it as a Listener. `stopAccepting` closes the listening
 * socket at once; `close` resolves when the connections the server still has are gone too.
 */
export function bindServer(server: net.Server, address: ParsedAddress): Promise<Listener> {
  let closed: Promise<void> | undefined;
  const stop = (): Promise<void> => (closed ??= new Promise<void>((done) => server.close(() => done())));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on ${formatAddress(address)}: ${error.code === 'EADDRINUSE' ? 'the port is already in use; pick another or use port 0' : error.message}`, { cause: error })),
    );
    server.listen(address.port, address.host, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ address: formatAddress(address, port), close: stop, stopAccepting: () => void stop() });
    });
  });
}
