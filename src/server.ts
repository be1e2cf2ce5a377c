import { parseAddress } from './address.js';
import { Connection } from './connection.js';
import { resolvePeerOptions, type PeerOptions, type ResolvedPeerOptions } from './options.js';
import type { Peer } from './peer-types.js';
import type { Listener, Platform } from './platform.js';
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
  /** The connected peers. */
  readonly peers: ReadonlySet<Peer>;
  /** The addresses being listened on. */
  readonly addresses: readonly string[];
  /** Every registered method name. */
  methods(): string[];
}

class RpcServer implements Server {
  private readonly router = new Router();
  private readonly options: ResolvedPeerOptions;
  private readonly listeners: Listener[] = [];
  private readonly connections = new Set<Peer>();
  private closing = false;

  constructor(
    private readonly platform: Platform,
    options: ServerOptions,
  ) {
    this.options = resolvePeerOptions(options);
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

  async listen(address: string): Promise<string> {
    if (this.closing) throw new Error('listen() was called on a closed server; create a new server');
    const parsed = parseAddress(address);
    const listen = this.platform.listeners[parsed.scheme];
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
    const connection = protocol === undefined ? new Connection(transport, 'acceptor', this.router, this.options) : protocol.serve(transport, this.router, this.options);
    if (this.closing) {
      connection.close();
      return connection;
    }
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
    return connection;
  }

  async close(): Promise<void> {
    this.closing = true;
    const listeners = this.listeners.splice(0);
    for (const connection of [...this.connections]) connection.close();
    await Promise.all(listeners.map((listener) => listener.close()));
  }
}

/** Creates a server for `platform`. Applications call `createServer` from `isorpc` or `isorpc/node`. */
export function createServerFor(platform: Platform, options: ServerOptions = {}): Server {
  return new RpcServer(platform, options);
}
