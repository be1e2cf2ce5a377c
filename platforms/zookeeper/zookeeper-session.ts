/**
 * One ZooKeeper session at a time, for the ZooKeeper sources. node-zookeeper-client reconnects within
 * a session by itself (and sets its watches again); an expired session is final for a client, so this
 * replaces the client with a new one and tells the source, which then writes its ephemeral nodes again
 * (registry) or reads and watches everything again (discovery). Every operation is bounded by a
 * timeout, because the client queues requests while it is disconnected.
 */
import zookeeper, { type Client, type Event, type Exception, type Stat } from 'node-zookeeper-client';
import { toError } from '../../src/internal.js';

/** How the ZooKeeper sources reach ZooKeeper. */
export interface ZooKeeperConnectionOptions {
  /** `host:port` servers of the ensemble (`'10.0.0.2:2181,10.0.0.3:2181'` or a list). Default `'127.0.0.1:2181'`. */
  hosts?: string | string[];
  /** Node prefix: servers live at `{basePath}/{service}/{address}`, as in rpcx. Default `'/rpcx'`. */
  basePath?: string;
  /** Session timeout in ms (the server bounds it to 2–20 ticks): how long a dead server's nodes outlive it. Default 10 000 (rpcx's). */
  sessionTimeout?: number;
  /** Longest wait between retries after ZooKeeper errors, in ms. Default 2000. */
  maxRetryDelay?: number;
  /** Receives ZooKeeper errors the source recovers from by itself (for logs). */
  onError?: (error: Error) => void;
}

/** A watch callback, as node-zookeeper-client calls it. */
export type ZooKeeperWatcher = (event: Event) => void;

/** @internal ZooKeeper's error code for a node that does not exist. */
export const ZK_NO_NODE = zookeeper.Exception.NO_NODE;
/** @internal ZooKeeper's error code for a node that already exists. */
export const ZK_NODE_EXISTS = zookeeper.Exception.NODE_EXISTS;

/** @internal True when `error` is a ZooKeeper exception with `code`. */
export function isZkError(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && (error as Partial<Exception>).code === code;
}

/** @internal The current session's client, its operations, and what happens on (re)connection. */
export class ZooKeeperSession {
  private client: Client;
  private closed = false;
  private readonly connectedListeners = new Set<(newSession: boolean) => void>();
  private newSession = true;
  readonly operationTimeout: number;

  constructor(private readonly options: ZooKeeperConnectionOptions) {
    this.operationTimeout = Math.max(5000, options.sessionTimeout ?? 10_000);
    this.client = this.open();
  }

  /** `listener(newSession)` on each connection: `true` for the first one of a session. */
  onConnected(listener: (newSession: boolean) => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  /** The current session id (8 bytes; zeros before the first connection). */
  get sessionId(): Buffer {
    return this.client.getSessionId();
  }

  /** Ends the session: ZooKeeper deletes its ephemeral nodes at once. */
  async close(): Promise<void> {
    this.closed = true;
    // node-zookeeper-client throws when closed before its first connection attempt has a socket
    // (that attempt starts on the next tick): give it that tick.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      this.client.close();
    } catch (error) {
      this.options.onError?.(toError(error));
    }
  }

  create(path: string, data: string, ephemeral: boolean): Promise<void> {
    return this.call<string>((client, done) => client.create(path, Buffer.from(data), ephemeral ? zookeeper.CreateMode.EPHEMERAL : zookeeper.CreateMode.PERSISTENT, done)).then(() => undefined);
  }

  remove(path: string, version = -1): Promise<void> {
    return this.call<void>((client, done) => client.remove(path, version, (error) => done(error, undefined)));
  }

  exists(path: string, watcher?: ZooKeeperWatcher): Promise<Stat | null> {
    return this.call<Stat | null>((client, done) => client.exists(path, watcher, done));
  }

  children(path: string, watcher?: ZooKeeperWatcher): Promise<string[]> {
    return this.call<string[]>((client, done) => client.getChildren(path, watcher, done));
  }

  data(path: string, watcher?: ZooKeeperWatcher): Promise<{ data: string; stat: Stat }> {
    return this.call<{ data: string; stat: Stat }>((client, done) => client.getData(path, watcher, (error, data, stat) => done(error, { data: data?.toString('utf8') ?? '', stat })));
  }

  setData(path: string, data: string): Promise<void> {
    return this.call<Stat>((client, done) => client.setData(path, Buffer.from(data), -1, done)).then(() => undefined);
  }

  private open(): Client {
    const hosts = Array.isArray(this.options.hosts) ? this.options.hosts.join(',') : (this.options.hosts ?? '127.0.0.1:2181');
    const client = zookeeper.createClient(hosts, { sessionTimeout: this.options.sessionTimeout ?? 10_000, spinDelay: Math.min(1000, this.options.maxRetryDelay ?? 2000) });
    client.on('disconnected', () => {
      // node-zookeeper-client keeps a partly received packet across reconnections and would read the
      // next connection's bytes after it (then throw from its socket handler): drop it. It is the
      // library's own field; without it this does nothing.
      const manager = (client as unknown as { connectionManager?: { pendingBuffer?: Buffer | null } }).connectionManager;
      if (manager !== undefined) manager.pendingBuffer = null;
    });
    client.on('connected', () => {
      if (client !== this.client || this.closed) return;
      const fresh = this.newSession;
      this.newSession = false;
      for (const listener of [...this.connectedListeners]) listener(fresh);
    });
    client.on('expired', () => {
      if (client !== this.client || this.closed) return;
      this.options.onError?.(new Error('The ZooKeeper session expired; starting a new one'));
      client.close();
      this.newSession = true;
      this.client = this.open();
    });
    client.connect();
    return client;
  }

  /** Runs one client operation; rejects after `operationTimeout` (the client queues while disconnected). */
  private call<T>(run: (client: Client, done: (error: Exception | null, value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ZooKeeper did not answer within ${this.operationTimeout} ms`)), this.operationTimeout);
      timer.unref();
      try {
        run(this.client, (error, value) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(value);
        });
      } catch (error) {
        // node-zookeeper-client validates paths by throwing.
        clearTimeout(timer);
        reject(toError(error));
      }
    });
  }
}
