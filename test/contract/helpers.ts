// Helpers shared by the contract suites; nothing here touches Node.
import { afterEach, beforeEach, expect } from 'vitest';
import { isRpcError, type Client, type RpcError } from '../../src/internal.js';

export interface ContractSetup {
  client: Client;
  /** Opens one more client to the same server. */
  connectAnother(): Promise<Client>;
  /** Closes clients and server. */
  close(): Promise<void>;
}

export async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    expect(isRpcError(error), `expected an RpcError, got ${String(error)}`).toBe(true);
    return error as RpcError;
  }
  throw new Error('expected the promise to reject');
}

/** Polls `read` until it returns something other than null, for at most `ms`. */
export async function eventually<T>(read: () => Promise<T | null>, ms = 2000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`nothing within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let nextId = 0;
export const uniqueId = (): string => `${Date.now()}-${++nextId}`;


/**
 * Opens a fresh setup before each test of the enclosing describe and closes it after; read the
 * current one through the returned getter.
 */
export function useContractSetup(factory: () => Promise<ContractSetup>): () => ContractSetup {
  let setup: ContractSetup | undefined;
  beforeEach(async () => {
    setup = await factory();
  });
  afterEach(async () => {
    await setup?.close();
  });
  return () => setup!;
}
