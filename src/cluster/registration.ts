/**
 * Registration: the server side of discovery. A {@link Registry} stores entries (service, address,
 * metadata); {@link registerServer} announces one server's services in one and takes them out again
 * on a graceful close, before the server stops, so clients stop choosing it while it still answers.
 */
import type { Server } from '../server/server.js';
import type { ServiceMetadata } from './service-metadata.js';

/** One server of one service, as written to a registry. */
export interface RegistryEntry {
  /** The service announced. */
  readonly service: string;
  /** The address clients dial. */
  readonly address: string;
  /** The metadata announced with it. */
  readonly metadata: ServiceMetadata;
  /** The server itself; registries whose clients live in the same process (in-process) serve through it. */
  readonly server?: Server;
}

/** A stored entry: change or remove it. */
export interface RegistryRecord {
  /** Replaces the entry's metadata. */
  update(metadata: ServiceMetadata): Promise<void>;
  /** Removes the entry; idempotent. */
  remove(): Promise<void>;
}

/** Where servers announce themselves (the in-process registry, etcd). */
export interface Registry {
  /** Stores an entry; resolves with a handle to change or remove it. */
  register(entry: RegistryEntry): Promise<RegistryRecord>;
}

/** Options of {@link registerServer}. */
export interface RegisterServerOptions {
  /** The address clients dial, e.g. `tcp@10.0.0.5:8972`. Default: the server's first listening address. */
  address?: string;
  /** Services to announce. Default: every `Service` of the server's `Service.method` names (routes like `/echo` have none). */
  services?: readonly string[];
  /** Relative share of traffic under weighted selection (`weight` metadata). */
  weight?: number;
  /** Clients created with the same `group` option choose only servers of their group. */
  group?: string;
  /** Any other metadata (e.g. `latitude`, `longitude`, `version`). */
  metadata?: Readonly<Record<string, string>>;
  /** Milliseconds `close()` waits between leaving the registry and closing the server. Default 1000. */
  drainDelay?: number;
}

/** A server announced in a registry. */
export interface ServerRegistration {
  /** The address announced. */
  readonly address: string;
  /** The services announced. */
  readonly services: readonly string[];
  /** The metadata currently registered. */
  readonly metadata: ServiceMetadata;
  /** Merges `changes` into the metadata of every service (e.g. `{ state: 'inactive' }` to drain). */
  update(changes: Readonly<Record<string, string>>): Promise<void>;
  /** Leaves the registry; the server keeps serving the connections it has. Idempotent. */
  deregister(): Promise<void>;
  /** Graceful close: leave the registry, wait `drainDelay` so clients notice and finish, then close the server. */
  close(): Promise<void>;
}

const DEFAULT_DRAIN_DELAY_MS = 1000;

/** The `Service` names behind `Service.method` routes. */
export function servicesOf(server: Server): string[] {
  const services = new Set<string>();
  for (const method of server.methods()) {
    const dot = method.lastIndexOf('.');
    if (!method.startsWith('/') && dot > 0) services.add(method.slice(0, dot));
  }
  return [...services].sort();
}

function metadataFor(options: RegisterServerOptions): Record<string, string> {
  const metadata: Record<string, string> = { ...options.metadata };
  if (options.weight !== undefined) {
    if (!(options.weight > 0) || !Number.isFinite(options.weight)) throw new TypeError(`weight must be a finite number > 0, got ${String(options.weight)}`);
    metadata.weight = String(options.weight);
  }
  if (options.group !== undefined) metadata.group = options.group;
  return metadata;
}

/**
 * Announces `server` in `registry` under each of its services, like rpcx's register plugins. Call it
 * after `register()` and `listen()`; close with the returned handle's `close()` for a graceful exit.
 */
export async function registerServer(server: Server, registry: Registry, options: RegisterServerOptions = {}): Promise<ServerRegistration> {
  const address = options.address ?? server.addresses[0];
  if (address === undefined) throw new TypeError('registerServer(): the server listens nowhere; call listen() first or pass { address }');
  const services = options.services ?? servicesOf(server);
  if (services.length === 0) throw new TypeError('registerServer(): the server has no Service.method names; register() a service or pass { services }');
  const drainDelay = options.drainDelay ?? DEFAULT_DRAIN_DELAY_MS;
  let metadata: ServiceMetadata = metadataFor(options);
  const records: RegistryRecord[] = [];
  try {
    for (const service of services) records.push(await registry.register({ service, address, metadata, server }));
  } catch (error) {
    await Promise.allSettled(records.map((record) => record.remove()));
    throw error;
  }
  let deregistered: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  const deregister = (): Promise<void> =>
    (deregistered ??= Promise.allSettled(records.map((record) => record.remove())).then(() => undefined));
  return {
    address,
    services,
    get metadata() {
      return metadata;
    },
    async update(changes) {
      metadata = { ...metadata, ...changes };
      await Promise.all(records.map((record) => record.update(metadata)));
    },
    deregister,
    close: () =>
      (closed ??= (async () => {
        await deregister();
        if (drainDelay > 0) await new Promise((resolve) => setTimeout(resolve, drainDelay));
        await server.close();
      })()),
  };
}
