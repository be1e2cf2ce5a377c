/**
 * Discovery on ZooKeeper in rpcx's layout: the servers of a service are the children of
 * `{basePath}/{service}`, each named by its address and holding its metadata query as data. Each
 * watched service is read in full (children, then each child's data) with watches set on the
 * children list and on every child; ZooKeeper watches fire once, so any event means a new full read
 * that sets them again. rpcx watches only the children, so it misses metadata changes; this does not.
 * When ZooKeeper is unreachable the last known set stays in force; the client reconnects within its
 * session (keeping the watches), and a new session after an expiry means a fresh read.
 */
import { createRetryLoop, createWatchedDiscovery, servicePrefix, type RegistryDiscovery, type RetryLoop, type ServiceSet } from '../../src/internal.js';
import { isZkError, ZK_NO_NODE, ZooKeeperSession, type ZooKeeperConnectionOptions } from './zookeeper-session.js';

/** Options of {@link createZooKeeperDiscovery}. */
export interface ZooKeeperDiscoveryOptions extends ZooKeeperConnectionOptions {
  /** A full re-read behind the watches, as a safety net, every this many ms. Default 30 000; 0 disables. */
  resyncInterval?: number;
}

/** A {@link Discovery} backed by ZooKeeper; close it when no cluster client uses it any more. */
export type ZooKeeperDiscovery = RegistryDiscovery;

/** Watches servers registered in ZooKeeper (by isorpc's `createZooKeeperRegistry` or by rpcx). */
export function createZooKeeperDiscovery(options: ZooKeeperDiscoveryOptions = {}): ZooKeeperDiscovery {
  const session = new ZooKeeperSession(options);
  return createWatchedDiscovery(
    'ZooKeeper',
    (service, set) => new ZooKeeperServiceWatch(session, servicePrefix(options.basePath, service).slice(0, -1), set, options),
    () => session.close(),
  );
}

/** One service's servers: a full read with watches, again after each watch event, reconnection or error. */
class ZooKeeperServiceWatch {
  private readonly read: RetryLoop;
  private readonly onEvent = (): void => this.read.run();
  private readonly stopListening: () => void;
  private readonly resyncTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly session: ZooKeeperSession,
    private readonly path: string,
    private readonly set: ServiceSet,
    options: ZooKeeperDiscoveryOptions,
  ) {
    this.read = createRetryLoop(() => this.readAll(), { maxDelay: options.maxRetryDelay, onError: options.onError });
    // A new session has no watches; a reconnection may have missed events the client's replay cannot cover.
    this.stopListening = session.onConnected(() => this.read.run());
    this.read.run();
    const every = options.resyncInterval ?? 30_000;
    if (every > 0) {
      this.resyncTimer = setInterval(() => this.read.run(), every);
      this.resyncTimer.unref();
    }
  }

  stop(): void {
    this.read.stop();
    this.stopListening();
    clearInterval(this.resyncTimer);
  }

  /** Children and their data, watching all of them; replaces the set only when the whole read succeeded. */
  private async readAll(): Promise<void> {
    let children: string[];
    try {
      children = await this.session.children(this.path, this.onEvent);
    } catch (error) {
      if (!isZkError(error, ZK_NO_NODE)) throw error;
      // No server has registered this service yet: watch for its node to appear.
      await this.session.exists(this.path, this.onEvent);
      if (!this.read.stopped) this.set.replace(new Map());
      return;
    }
    const found = new Map<string, string>();
    await Promise.all(
      children.map(async (child) => {
        try {
          found.set(child, (await this.session.data(`${this.path}/${child}`, this.onEvent)).data);
        } catch (error) {
          // Gone between the listing and the read: the children watch fires and reads again.
          if (!isZkError(error, ZK_NO_NODE)) throw error;
        }
      }),
    );
    if (this.read.stopped) return;
    // Keep rpcx's listing order stable for selectors that care (round robin).
    this.set.replace(new Map(children.filter((child) => found.has(child)).map((child) => [child, found.get(child)!])));
  }
}
