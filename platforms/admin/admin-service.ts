import { RpcError, type Discovery, type MetricsSnapshot, type Metrics, type Server, type ServerRegistration, type ServiceInstance, type ServiceMetadata } from '../../src/internal.js';

/** Where the admin page reads and changes cluster membership. */
export interface AdminCluster {
  /** Lists the servers of each service (an in-process registry, etcd discovery, …). */
  readonly discovery: Discovery;
  /** The services to list. */
  readonly services: readonly string[];
  /** Registrations the page may change (state, weight): matched by address. Others are shown read-only. */
  readonly registrations?: readonly ServerRegistration[];
}

/** One server of one service as the page shows it. */
export interface AdminInstance {
  /** The service the server is registered under. */
  readonly service: string;
  /** The address clients dial, as registered. */
  readonly address: string;
  /** The registered metadata (`weight`, `state`, `group`, …). */
  readonly metadata: ServiceMetadata;
  /** True when this admin holds the registration and can change it. */
  readonly editable: boolean;
}

/** One connected peer of the observed server. */
export interface AdminPeer {
  /** The peer's id, unique in this process. */
  readonly id: number;
  /** Where the peer connected from, when the transport knows. */
  readonly remoteAddress: string | undefined;
  /** Calls the server has in flight to this peer. */
  readonly pendingCalls: number;
}

/** What `isorpc.Admin.snapshot` returns. */
export interface AdminSnapshot {
  /** The server's registered method names. */
  readonly methods: readonly string[];
  /** The addresses the server listens on. */
  readonly addresses: readonly string[];
  /** The metrics collected so far. */
  readonly metrics: MetricsSnapshot;
  /** The connected peers. */
  readonly peers: readonly AdminPeer[];
  /** Every server of the watched services, from discovery. */
  readonly cluster: readonly AdminInstance[];
}

/** The `isorpc.Admin` service object plus the subscriptions it holds. */
export interface AdminService {
  readonly impl: object;
  close(): void;
}

/**
 * The admin page's RPC surface: `snapshot()`, `setState({ address, state })` and
 * `setWeight({ address, weight })`. State and weight changes go through the server's registration,
 * so they reach discovery (and every cluster client) the way `registration.update()` does.
 */
export function createAdminService(server: Server, metrics: Metrics, cluster: AdminCluster | undefined): AdminService {
  const instances = new Map<string, readonly ServiceInstance[]>();
  const unsubscribes = (cluster?.services ?? []).map((service) => cluster!.discovery.subscribe(service, (list) => instances.set(service, list)));

  const registrationOf = (address: unknown): ServerRegistration => {
    const found = cluster?.registrations?.find((registration) => registration.address === address);
    if (found === undefined) throw new RpcError('NOT_FOUND', `This admin holds no registration for "${String(address)}"`);
    return found;
  };

  const snapshot = (): AdminSnapshot => ({
    methods: server.methods(),
    addresses: server.addresses,
    metrics: metrics.snapshot(),
    peers: [...server.peers].map((peer) => ({ id: peer.id, remoteAddress: peer.remoteAddress, pendingCalls: peer.pendingCalls })),
    cluster: [...instances].flatMap(([service, list]) =>
      list.map((instance) => ({ service, address: instance.address, metadata: instance.metadata, editable: cluster?.registrations?.some((r) => r.address === instance.address) ?? false })),
    ),
  });

  const impl = {
    snapshot,
    async setState(arg: { address?: unknown; state?: unknown }): Promise<AdminSnapshot> {
      if (arg?.state !== 'active' && arg?.state !== 'inactive') throw new RpcError('BAD_REQUEST', 'state must be "active" or "inactive"');
      await registrationOf(arg.address).update({ state: arg.state });
      return snapshot();
    },
    async setWeight(arg: { address?: unknown; weight?: unknown }): Promise<AdminSnapshot> {
      const weight = Number(arg?.weight);
      if (!(weight > 0) || !Number.isFinite(weight)) throw new RpcError('BAD_REQUEST', 'weight must be a number > 0');
      await registrationOf(arg.address).update({ weight: String(weight) });
      return snapshot();
    },
  };
  return { impl, close: () => unsubscribes.forEach((unsubscribe) => unsubscribe()) };
}
