import { parseAddress } from '../core/address.js';
import { toAuthenticate, type AuthHook, type AuthorizeHook } from '../calls/auth.js';
import { PreparedFrame } from '../isorpc/broadcast.js';
import { Connection } from '../isorpc/connection.js';
import { RpcError } from '../errors.js';
import { Emitter } from '../core/events.js';
import type { ServerMiddleware } from '../calls/middleware.js';
import { resolveOptionsWithoutCodecs, type PeerOptions, type ResolvedPeerOptions } from '../calls/options.js';
import { checkCodecOption } from '../codec/codecs.js';
import type { Peer } from '../core/peer-types.js';
import type { ListenOptions, Listener, Platform } from '../client/platform.js';
import { reportReject, type Plugin } from '../core/plugin.js';
import { createLimiter, type RateLimitOptions } from '../calls/rate-limit.js';
import { PeerRoot, withHandlers } from '../calls/peer-kit.js';
import { Router } from '../calls/router.js';
import type { MethodSchemas, ServesMethods } from '../calls/schema.js';
import type { ServedPeer, ServerProtocol } from '../calls/server-protocol.js';
import { isTransport, type Transport } from '../core/transport.js';

/** Options of `createServer()`. */
export interface ServerOptions extends PeerOptions {
  /** Most connections served at once (handshaking ones included); more are refused with `RESOURCE_EXHAUSTED`. Default 10 000. */
  maxConnections?: number;
  /** Checks each client's credentials before any of its calls is served (same as `server.auth(fn)`). */
  auth?: AuthHook;
  /** Checks each call before its middleware and handler run (same as `server.authorize(fn)`). */
  authorize?: AuthorizeHook;
  /** WebSocket listeners: the `Origin` headers accepted; a `listen()` option overrides it. Default: any. */
  allowedOrigins?: readonly string[];
  /** Token-bucket rate limits on incoming calls and notifications, per connection and for the whole server. Default: none. */
  rateLimit?: RateLimitOptions;
}

/** Options of `server.close()`. */
export interface CloseOptions {
  /**
   * Graceful shutdown: stop accepting, tell every peer (a drain GoAway) to start no new calls here,
   * give running calls up to this many ms to finish, then close (their handlers' signals abort).
   * Default 0: close at once.
   */
  drain?: number;
}

/** The default of {@link ServerOptions.maxConnections}. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;

/**
 * Something installed on a server in one step with `server.use(x)`, e.g. `createMetrics()`: it adds
 * its middleware, plugin and event listeners itself.
 */
export interface ServerExtension {
  /** Called once by `server.use()`; `addPlugin` adds a plugin as if given to `createServer`. */
  install(server: Server, addPlugin: (plugin: Plugin) => void): void;
}

/** Serves registered methods to every peer that connects, over any number of addresses. */
export interface Server extends ServesMethods {
  /** The `{ input, output }` schemas `method` was registered with, if any (reflection and OpenAPI read them). */
  schemasOf(method: string): MethodSchemas | undefined;
  /**
   * Listens on `tcp://host:port`, `tcp@host:port`, `tls://host:port`, `ws://host:port/path` or
   * `wss://host:port/path` (port 0 picks a free port) and resolves with the bound address. `tls://` and
   * `wss://` need `options.tls` (cert and key). Call it again to listen on more addresses.
   */
  listen(address: string, options?: ListenOptions): Promise<string>;
  /**
   * Serves one already-open transport: a MessagePort, a Worker, a worker_threads port or an in-process
   * end. With `protocol` the transport speaks that protocol (e.g. JSON-RPC) instead of isorpc's own.
   */
  accept(transport: Transport | object, protocol?: ServerProtocol): Peer;
  /**
   * Stops listening and closes every connection (pending calls there reject with `CLOSED`); with
   * `{ drain: ms }` running calls get up to `ms` to finish first (see {@link CloseOptions}).
   */
  close(options?: CloseOptions): Promise<void>;
  /**
   * Sets the hook that checks credentials (the client's `auth` option) before a connection is
   * accepted: return what handlers should see as `ctx.peer.auth`, or `false` / throw to refuse with
   * `UNAUTHENTICATED`. No call of a refused peer is ever dispatched.
   */
  auth(hook: AuthHook): this;
  /** Sets the hook that allows or refuses each call (`false` or a throw answers `PERMISSION_DENIED`). */
  authorize(hook: AuthorizeHook): this;
  /** The connected peers (handshake done). */
  readonly peers: ReadonlySet<Peer>;
  /** The addresses being listened on. */
  readonly addresses: readonly string[];
  /** Every registered method name. */
  methods(): string[];
  /** Adds middleware around every handler (onion style; see {@link ServerMiddleware}), or installs an extension such as `createMetrics()`. */
  use(middleware: ServerMiddleware | ServerExtension): this;
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

class RpcServer extends /* @__PURE__ */ withHandlers(PeerRoot) implements Server {
  private readonly router = new Router();
  private readonly options: ResolvedPeerOptions;
  private readonly listeners: Listener[] = [];
  /** Every accepted peer still open, of every protocol, announced or not: what `maxConnections` counts. */
  private readonly accepted = new Set<ServedPeer>();
  /** The announced peers: handshake done (isorpc) or none needed (other protocols). */
  private readonly connections = new Set<ServedPeer>();
  private readonly events = new Emitter<ServerEvents>();
  private closing = false;
  private readonly maxConnections: number;
  private readonly allowedOrigins: readonly string[] | undefined;

  constructor(
    private readonly platform: Platform,
    options: ServerOptions,
  ) {
    super();
    // Codecs are made at the first byte transport (isorpcServerProtocol): a server of ports has none.
    // The codec option is checked now all the same, not at the first connection.
    checkCodecOption(options.codec);
    this.options = resolveOptionsWithoutCodecs(options, platform.msgpack);
    this.router.plugins = this.options.plugins;
    this.options.compressor = platform.compression;
    this.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.allowedOrigins = options.allowedOrigins;
    if (options.rateLimit !== undefined) this.options.limiter = createLimiter(options.rateLimit);
    if (options.auth !== undefined) this.auth(options.auth);
    if (options.authorize !== undefined) this.authorize(options.authorize);
  }

  auth(hook: AuthHook): this {
    if (typeof hook !== 'function') throw new TypeError('auth(fn): fn must be a function (credentials, peer) => value | false');
    this.options.authenticate = toAuthenticate(hook);
    return this;
  }

  authorize(hook: AuthorizeHook): this {
    if (typeof hook !== 'function') throw new TypeError('authorize(fn): fn must be a function (ctx) => boolean');
    this.router.authorize = hook;
    return this;
  }

  get peers(): ReadonlySet<Peer> {
    return this.connections;
  }

  get addresses(): readonly string[] {
    return this.listeners.map((listener) => listener.address);
  }

  ownHandlers(): Router {
    return this.router;
  }

  schemasOf(method: string): MethodSchemas | undefined {
    return this.router.schemasOf(method);
  }

  methods(): string[] {
    return this.router.methods();
  }

  use(middleware: ServerMiddleware | ServerExtension): this {
    if (typeof middleware === 'object' && middleware !== null && typeof middleware.install === 'function') {
      middleware.install(this, (plugin) => (this.options.plugins as Plugin[]).push(plugin));
    } else this.router.use(middleware as ServerMiddleware);
    return this;
  }

  on<E extends keyof ServerEvents>(event: E, listener: (...args: ServerEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  broadcast(method: string, arg?: unknown, filter?: (peer: Peer) => boolean): number {
    const prepared = PreparedFrame.notification(method, arg, this.options.codec);
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

  async listen(address: string, options: ListenOptions = {}): Promise<string> {
    if (this.closing) throw new Error('listen() was called on a closed server; create a new server');
    const parsed = parseAddress(address);
    const listen = Object.hasOwn(this.platform.listeners, parsed.scheme) ? this.platform.listeners[parsed.scheme] : undefined;
    if (listen === undefined) {
      const known = Object.keys(this.platform.listeners).join(', ') || 'none';
      throw new TypeError(`Cannot listen on "${address}": the ${this.platform.name} build has no "${parsed.scheme}" listener (it has: ${known}). Listening needs Node: import { createServer } from 'isorpc/node'`);
    }
    const listener = await listen(parsed, {
      maxFrameSize: this.options.maxFrameSize,
      options: { allowedOrigins: this.allowedOrigins, ...options },
      accept: (transport, protocol) => this.accept(transport, protocol),
    });
    this.listeners.push(listener);
    return listener.address;
  }

  accept(endpoint: Transport | object, protocol: ServerProtocol | undefined = this.platform.isorpc): Peer {
    const transport = isTransport(endpoint) ? endpoint : this.platform.toTransport?.(endpoint);
    if (transport === undefined) {
      throw new TypeError('accept() needs a Transport, a MessagePort, a Worker or a worker_threads port');
    }
    if (protocol === undefined) throw new TypeError(`The ${this.platform.name} platform has no isorpc server protocol: pass one, server.accept(transport, isorpcServerProtocol)`);
    const peer = protocol.serve(transport, this.router, this.options);
    this.admit(peer);
    return peer;
  }

  /** The one admission path of every protocol: the connection limit, then announcement once ready. */
  private admit(peer: ServedPeer): void {
    if (this.closing) return peer.close();
    if (this.maxConnections > 0 && this.accepted.size >= this.maxConnections) {
      const reason = new RpcError('RESOURCE_EXHAUSTED', `The server is serving its maximum of ${this.maxConnections} connections (maxConnections); retry later`);
      reportReject(this.options.plugins, peer, reason, 'maxConnections');
      return peer.fail ? peer.fail(reason) : peer.close();
    }
    this.accepted.add(peer);
    peer.onClose((reason) => {
      this.accepted.delete(peer);
      if (this.connections.delete(peer)) this.events.emit('disconnect', peer, reason);
    });
    if (peer.ready === undefined) this.announce(peer);
    else peer.ready.then(() => this.announce(peer), () => undefined);
  }

  private announce(peer: ServedPeer): void {
    if (peer.closed || !this.accepted.has(peer)) return;
    this.connections.add(peer);
    this.events.emit('connect', peer);
  }

  async close(options: CloseOptions = {}): Promise<void> {
    this.closing = true;
    const listeners = this.listeners.splice(0);
    for (const listener of listeners) listener.stopAccepting?.();
    for (const peer of this.accepted) if (!this.connections.has(peer)) peer.close(); // still handshaking
    const drain = options.drain ?? 0;
    if (drain > 0) await this.drain(drain);
    for (const peer of [...this.accepted]) peer.close();
    await Promise.all(listeners.map((listener) => listener.close()));
  }

  /**
   * Tells every peer to start no new calls (a drain GoAway, where the protocol has one), then waits
   * until none serves a call or `ms` passed.
   */
  private async drain(ms: number): Promise<void> {
    const peers = [...this.connections];
    for (const peer of peers) peer.drain?.();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([Promise.all(peers.map((peer) => peer.idle())), deadline]);
    clearTimeout(timer);
  }
}

/** Creates a server for `platform`. Applications call `createServer` from `isorpc` or `isorpc/node`. */
export function createServerFor(platform: Platform, options: ServerOptions = {}): Server {
  return new RpcServer(platform, options);
}
