// Helpers for the Node tests of liveness, limits and security.
import net from 'node:net';
import { isRpcError, type RpcError, type Transport, type TransportSink } from '../../platforms/entries/node.js';

/** A port that was free a moment ago (for servers that must come back on the same port). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The code a promise rejects with (or 'resolved'). */
export function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (isRpcError(error) ? error.code : `not an RpcError: ${String(error)}`),
  );
}

/** Rejects when `promise` does not settle within `ms` (bounded waits for liveness). */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a transport so a test can freeze it: once frozen nothing is delivered or sent, as with a
 * hung process or a dead network path, and no close is ever reported.
 */
export function freezable(inner: Transport): Transport & { freeze(): void } {
  let frozen = false;
  return {
    kind: inner.kind,
    remoteAddress: inner.remoteAddress,
    start: (sink: TransportSink) =>
      inner.start({
        onData: (data) => frozen || sink.onData(data),
        onClose: (error?: RpcError) => frozen || sink.onClose(error),
      }),
    send: (data, transfer) => frozen || inner.send(data, transfer),
    close: () => inner.close(),
    freeze: () => (frozen = true),
  };
}
