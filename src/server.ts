import { parseAddress } from './address.js';
import { PreparedFrame } from './broadcast.js';
import { Connection } from './connection.js';
import type { RpcError } from './errors.js';
import { Emitter } from './events.js';
import type { ServerMiddleware } from './middleware.js';
import { resolvePeerOptions, type PeerOptions, type ResolvedPeerOptions } from './options.js';
import type { Peer } from './peer-types.js';
import type { Listener, Platform } from './platform.js';
import type { Plugin } from './plugin.js';
import { Router, type Handler } from './router.js';
import type { ServerProtocol } from './server-protocol.js';
import { isTransport, type Transport } from './transport.js';

/** Options of `createServer()`. */
export type ServerOptions = PeerOptions;

/** Serves registered methods to every peer that connects, over any number of addresses. */
export interface Server {
  /** Exposes the methods of `impl` (an object or class instance) as `name.method`, like Go's `rpc.RegisterName`. */
  register(name: string, impl: object): this;
  /** Adds a single route, e.g. `'/echo'` or `'Chat.Send'`. */
  handle<Arg = unknown, Result = unknown>(method: string, handler: Handler<Arg, Result>): this;
  /**
   * Listens on `tcp://host:port`, `tcp@host:port` or `ws://host:port/path` (port 0 picks a free port)
   * and resolves with the bound address. Call it again to listen on more addresses.
   */
  listen(address: string): Promise<string>;
  /**
   * Serves one already-open transport: a MessagePort, a Worker, a worker_threads port or an in-process
   * end. With `protocol` the transport speaks that protocol (e.g. JSON-RPC) instead of isorpc's own.
   */
  accept(transport: Transport | object, protocol?: ServerProtocol): Peer;
  /** Stops listening, closes every connection (pending calls there reject with `CLOSED`). */
  close(): Promise<void>;
  /** The connected peers (handshake done). */
  readonly peers: ReadonlySet<Peer>;
  /** The addresses being listened on. */
  readonly addresses: readonly string[];
  /** Every registered method name. */
  methods(): string[];
  /** Adds middleware around every handler (onion style; see {@link ServerMiddleware}). */
  use(middleware: ServerMiddleware): this;
  /**
   * Sends a notification to every connected peer (or those `filter` accepts), encoding it once.
   * Returns the number of peers it was sent to.
   */
  broadcast(method: string, arg?: unknown, filter?: (peer: Peer) => boolean): number;
  /** A peer completed its handshake (set `peer.data` here). */
  on(event: 'connect', listener: (peer: Peer) => void): () => void;
  /** A peer's connection closed. */
  on(event: 'disconnect', listener: (peer: Peer, reason: RpcError) => void): () => void;
}

type ServerEvents = { connect: [Peer]; disconnect: [Peer, RpcError] };

class RpcServer implements Server {
  private readonly router = new Router();
  private readonly options: ResolvedPeerOptions;
  private readonly listeners: Listener[] = [];
  /** Peers whose handshake is done (isorpc) or that need none (other protocols). */
  private readonly connections = new Set<Peer>();
  private readonly events = new Emitter<ServerEvents>();
  /** Accepted isorpc connections whose handshake is not done yet; they join `peers` when it is. */
  private readonly handshaking = new Set<Connection>();
  private closing = false;

  constructor(
    private readonly platform: Platform,
    options: ServerOptions,
  ) {
    // The server tracks its peers with a plugin of its own, run before the user's plugins.
    const tracker: Plugin = {
      name: 'isorpc:server-peers',
      onConnect: (peer) => {
        this.connections.add(peer);
        this.events.emit('connect', peer);
      },
      onDisconnect: (peer, reason) => {
        if (this.connections.delete(peer)) this.events.emit('disconnect', peer, reason);
      },
    };
    this.options = resolvePeerOptions({ ...options, plugins: [tracker, ...(options.plugins ?? [])] });
  }

  get peers(): ReadonlySet<Peer> {
    return this.connections;
  }

  get addresses(): readonly string[] {
    return this.listeners.map((listener) => listener.address);
  }

  register(name: string, impl: object): this {
    this.router.register(name, impl);
    return this;
  }

  handle<Arg = unknown, Result = unknown>(method: string, handler: Handler<Arg, Result>): this {
    this.router.handle(method, handler as Handler);
    return this;
  }

  methods(): string[] {
    return this.router.methods();
  }

  use(middleware: ServerMiddleware): this {
    this.router.use(middleware);
    return this;
  }

  on<E extends keyof ServerEvents>(event: E, listener: (...args: ServerEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  broadcast(method: string, arg?: unknown, filter?: (peer: Peer) => boolean): number {
    const prepared = PreparedFrame.notification(method, arg, this.options.codec, this.options.protocol);
    let sent = 0;
    for (const peer of this.connections) {
      if (filter !== undefined && !filter(peer)) continue;
      if (peer instanceof Connection ? peer.sendPrepared(prepared) : this.notifyOther(peer, method, arg)) sent++;
    }
    return sent;
  }

  /** Peers of other wire protocols encode for themselves. */
  private notifyOther(peer: Peer, method: string, arg: unknown): boolean {
    try {
      peer.notify(method, arg);
      return true;
    } catch {
      return false;
    }
  }

  /** Peers of protocols without a handshake (JSON-RPC, Go net/rpc, HTTP) are connected at once. */
  private acceptWithoutHandshake(peer: Peer): Peer {
    if (this.closing) {
      peer.close();
      return peer;
    }
    this.connections.add(peer);
    this.events.emit('connect', peer);
    peer.onClose((reason) => {
      if (this.connections.delete(peer)) this.events.emit('disconnect', peer, reason);
    });
    return peer;
  }

  async listen(address: string): Promise<string> {
    if (this.closing) throw new Error('listen() was called on a closed server; create a new server');
    const parsed = parseAddress(address);
    const listen = Object.hasOwn(this.platform.listeners, parsed.scheme) ? this.platform.listeners[parsed.scheme] : undefined;
    if (listen === undefined) {
      const known = Object.keys(this.platform.listeners).join(', ') || 'none';
      throw new TypeError(`Cannot listen on "${address}": the ${this.platform.name} build has no "${parsed.scheme}" listener (it has: ${known}). Listening needs Node: import { createServer } from 'isorpc/node'`);
    }
    const listener = await listen(parsed, {
      maxFrameSize: this.options.maxFrameSize,
      accept: (transport, protocol) => this.accept(transport, protocol),
    });
    this.listeners.push(listener);
    return listener.address;
  }

  accept(endpoint: Transport | object, protocol?: ServerProtocol): Peer {
    const transport = isTransport(endpoint) ? endpoint : this.platform.toTransport?.(endpoint);
    if (transport === undefined) {
      throw new TypeError('accept() needs a Transport, a MessagePort, a Worker or a worker_threads port');
    }
    if (protocol !== undefined) return this.acceptWithoutHandshake(protocol.serve(transport, this.router, this.options));
    const connection = new Connection(transport, 'acceptor', this.router, this.options);
    if (this.closing) connection.close();
    else this.handshaking.add(connection);
    connection.onClose(() => this.handshaking.delete(connection));
    void connection.ready.then(() => this.handshaking.delete(connection), () => undefined);
    return connection;
  }

  async close(): Promise<void> {
    this.closing = true;
    const listeners = this.listeners.splice(0);
    for (const connection of [...this.connections, ...this.handshaking]) connection.close();
    await Promise.all(listeners.map((listener) => listener.close()));
  }
}

/** Creates a server for `platform`. Applications call `createServer` from `isorpc` or `isorpc/node`. */
export function createServerFor(platform: Platform, options: ServerOptions = {}): Server {
  return new RpcServer(platform, options);
}
