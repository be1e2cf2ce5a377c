/**
 * Registration on ZooKeeper in rpcx's layout: an ephemeral node `{basePath}/{service}/{address}` whose
 * data is the metadata query, under persistent parents (rpcx writes `rpcx_path` into the base path
 * node and the service name into the service node). Ephemeral nodes live as long as the session: a
 * server that dies without closing disappears once ZooKeeper expires its session (`sessionTimeout`).
 * rpcx re-creates a missing node on a timer; this registry does it on every reconnection, on a new
 * session after an expiry, and as soon as one of its nodes is deleted behind its back (a watch).
 */
import { createRetryLoop, DEFAULT_BASE_PATH, toError, WantedEntries, type Registry, type RegistryEntry, type RegistryRecord, type RetryLoop } from '../../src/internal.js';
import { isZkError, ZK_NO_NODE, ZK_NODE_EXISTS, ZooKeeperSession, type ZooKeeperConnectionOptions } from './zookeeper-session.js';

/** Options of {@link createZooKeeperRegistry}. */
export type ZooKeeperRegistryOptions = ZooKeeperConnectionOptions;

/** A {@link Registry} backed by ZooKeeper. */
export interface ZooKeeperRegistry extends Registry {
  /** Closes the session: ZooKeeper deletes every ephemeral node of this registry at once. */
  close(): Promise<void>;
}

/** Creates a registry that writes entries to ZooKeeper as ephemeral nodes. */
export function createZooKeeperRegistry(options: ZooKeeperRegistryOptions = {}): ZooKeeperRegistry {
  return new EphemeralRegistry(options);
}

class EphemeralRegistry implements ZooKeeperRegistry {
  private readonly session: ZooKeeperSession;
  private readonly entries: WantedEntries;
  private readonly reconcile: RetryLoop;
  /** One watcher function, so ZooKeeper's client keeps one registration per node however often it is set. */
  private readonly onOwnNode = (): void => this.reconcile.run();
  private readonly stopListening: () => void;

  constructor(private readonly options: ZooKeeperRegistryOptions) {
    this.session = new ZooKeeperSession(options);
    this.entries = new WantedEntries('ZooKeeper', options.basePath, {
      write: (key, value) => this.ensure(key, value),
      erase: async (key) => {
        try {
          await this.session.remove(key);
        } catch (error) {
          if (!isZkError(error, ZK_NO_NODE)) throw error;
        }
      },
    });
    this.reconcile = createRetryLoop(() => this.ensureAll(), { maxDelay: options.maxRetryDelay, onError: options.onError });
    // Every connection may follow an outage (nodes of an expired session are gone): check them all.
    this.stopListening = this.session.onConnected(() => this.reconcile.run());
  }

  register(entry: RegistryEntry): Promise<RegistryRecord> {
    // A node name cannot hold a slash: rpcx addresses (`tcp@host:port`) never do.
    if (entry.address.includes('/')) return Promise.reject(new TypeError(`ZooKeeper node names cannot contain "/": register "${entry.address}" as network@host:port (e.g. tcp@10.0.0.5:8972)`));
    return this.entries.register(entry);
  }

  async close(): Promise<void> {
    if (this.entries.isClosed) return;
    this.entries.close();
    this.reconcile.stop();
    this.stopListening();
    // Closing the session deletes its ephemeral nodes on the server at once.
    await this.session.close();
  }

  private async ensureAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const [key, value] of [...this.entries.wanted]) {
      if (this.entries.wanted.get(key) !== value) continue;
      await this.ensure(key, value).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw toError(failures[0]);
  }

  /** Makes `path` an ephemeral node of this session holding `value`, whatever is there now. */
  private async ensure(path: string, value: string): Promise<void> {
    const stat = await this.session.exists(path, this.onOwnNode);
    if (stat !== null && !stat.ephemeralOwner.equals(this.session.sessionId)) {
      // A node left by an earlier session (this server restarted on the same address) or written by
      // hand: it would vanish with its owner, taking this registration along. Replace it.
      await this.session.remove(path, stat.version).catch((error: unknown) => {
        if (!isZkError(error, ZK_NO_NODE)) throw error;
      });
    } else if (stat !== null) {
      const current = await this.session.data(path);
      if (current.data !== value) await this.session.setData(path, value);
      return;
    }
    await this.createEphemeral(path, value);
    // Watch the new node: deleted behind this registry's back, it is written again.
    await this.session.exists(path, this.onOwnNode);
  }

  private async createEphemeral(path: string, value: string): Promise<void> {
    try {
      await this.session.create(path, value, true);
    } catch (error) {
      if (isZkError(error, ZK_NODE_EXISTS)) return this.ensure(path, value);
      if (!isZkError(error, ZK_NO_NODE)) throw error;
      await this.createParents(path);
      await this.createEphemeral(path, value);
    }
  }

  /** Creates the persistent parents of `path`, with rpcx's data on the base path and service nodes. */
  private async createParents(path: string): Promise<void> {
    const base = (this.options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
    const parts = path.split('/').filter((part) => part !== '');
    for (let depth = 1; depth < parts.length; depth++) {
      const parent = `/${parts.slice(0, depth).join('/')}`;
      const data = parent === base ? 'rpcx_path' : depth === parts.length - 1 ? (parts[depth - 1] ?? '') : '';
      try {
        await this.session.create(parent, data, false);
      } catch (error) {
        if (!isZkError(error, ZK_NODE_EXISTS)) throw error;
      }
    }
  }
}
