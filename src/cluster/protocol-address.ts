/**
 * Which wire protocol a cluster client speaks to a discovered server. Registries list plain transport
 * addresses (`tcp@host:port`, as rpcx servers write them to etcd); the client's `protocol` option, or
 * a server's `protocol` metadata key, turns such an address into one that names the protocol.
 */
import type { ServiceMetadata } from './service-metadata.js';

/** The metadata key a server may register to say which protocol it speaks (e.g. `protocol=rpcx`). */
export const PROTOCOL_METADATA_KEY = 'protocol';

const PLAIN = /^(tcp|ws|wss)(@|:\/\/)(.*)$/i;

/**
 * The address to dial: `tcp@h:1` with protocol `rpcx` → `rpcx+tcp@h:1`, `ws://h:1/p` → `rpcx+ws://h:1/p`.
 * The server's metadata wins over the client's option; `isorpc` (or none) and addresses that already
 * name a protocol are left as they are.
 */
export function addressForProtocol(address: string, metadata: ServiceMetadata, fallback: string | undefined): string {
  const protocol = metadata[PROTOCOL_METADATA_KEY] ?? fallback;
  if (protocol === undefined || protocol === '' || protocol === 'isorpc') return address;
  const plain = PLAIN.exec(address);
  return plain === null ? address : `${protocol.toLowerCase()}+${plain[1]!.toLowerCase()}${plain[2]}${plain[3]}`;
}
