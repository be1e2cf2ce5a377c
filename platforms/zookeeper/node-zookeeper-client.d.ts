// The part of node-zookeeper-client (which ships no types) that isorpc uses.
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  export interface Stat {
    readonly version: number;
    /** The session that owns an ephemeral node (8 bytes), zeros for a persistent one. */
    readonly ephemeralOwner: Buffer;
  }

  export interface Event {
    readonly type: number;
    readonly name: string;
    readonly path: string;
  }

  export interface Exception extends Error {
    readonly code: number;
    readonly name: string;
    readonly path?: string;
  }

  export const CreateMode: { readonly PERSISTENT: number; readonly EPHEMERAL: number };
  export const Exception: { readonly NO_NODE: number; readonly NODE_EXISTS: number; readonly BAD_VERSION: number };

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getSessionId(): Buffer;
    create(path: string, data: Buffer | null, mode: number, callback: (error: Exception | null, path: string) => void): void;
    remove(path: string, version: number, callback: (error: Exception | null) => void): void;
    exists(path: string, watcher: ((event: Event) => void) | undefined, callback: (error: Exception | null, stat: Stat | null) => void): void;
    getChildren(path: string, watcher: ((event: Event) => void) | undefined, callback: (error: Exception | null, children: string[], stat: Stat) => void): void;
    getData(path: string, watcher: ((event: Event) => void) | undefined, callback: (error: Exception | null, data: Buffer | null, stat: Stat) => void): void;
    setData(path: string, data: Buffer | null, version: number, callback: (error: Exception | null, stat: Stat) => void): void;
  }

  export function createClient(connectionString: string, options?: { sessionTimeout?: number; spinDelay?: number; retries?: number }): Client;

  const zookeeper: { createClient: typeof createClient; CreateMode: typeof CreateMode; Exception: typeof Exception };
  export default zookeeper;
}
