/**
 * `isorpc/message-port`: the MessagePort transport alone, for ports, Workers, a worker's `self` and
 * worker_threads.
 *
 * @module isorpc/message-port
 */
import { RpcError, type Transport, type TransportSink } from '../../src/internal.js';

/** A browser MessagePort, Worker or worker global scope (`self`): an EventTarget with postMessage. */
export interface EventTargetPort {
  /** Sends a value by structured clone, moving the `transfer` objects. */
  postMessage(message: unknown, transfer: never[]): void;
  /** Subscribes to incoming values. */
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** Unsubscribes from incoming values. */
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** Starts delivery on a MessagePort (Workers and `self` have none). */
  start?(): void;
}

/** A Node worker_threads MessagePort, `parentPort` or `Worker`: an EventEmitter with postMessage. */
export interface EmitterPort {
  /** Sends a value by structured clone, moving the `transferList` objects. */
  postMessage(message: unknown, transferList?: readonly never[]): void;
  /** Subscribes to an event (`message`, `close`, `error`, …). */
  on(event: string, listener: (value: unknown) => void): unknown;
  /** Unsubscribes from an event. */
  off(event: string, listener: (value: unknown) => void): unknown;
}

/** Anything `connectPort()` and `server.accept()` can talk through. */
export type PortLike = EventTargetPort | EmitterPort;

function isEmitterPort(port: PortLike): port is EmitterPort {
  return typeof (port as EmitterPort).on === 'function' && typeof (port as EmitterPort).off === 'function';
}

/** Tells whether `value` can be wrapped by {@link portTransport}. */
export function isPortLike(value: unknown): value is PortLike {
  if (typeof value !== 'object' || value === null) return false;
  const port = value as Partial<EventTargetPort & EmitterPort>;
  return typeof port.postMessage === 'function' && (typeof port.on === 'function' || typeof port.addEventListener === 'function');
}

/**
 * A `'value'` transport over a MessagePort, a Worker or a worker_threads port: frames travel by
 * structured clone, never encoded, and `transfer` lists move ArrayBuffers instead of copying them.
 * A Node port or Worker that closes or exits is reported at once; browsers give no such signal.
 */
export function portTransport(port: PortLike): Transport {
  return new PortTransport(port);
}

class PortTransport implements Transport {
  readonly kind = 'value' as const;
  readonly remoteAddress = 'port';
  private sink: TransportSink | undefined;
  private closed = false;
  private readonly onMessageEvent = (event: { data: unknown }): void => this.sink?.onData(event.data);
  private readonly onMessageValue = (value: unknown): void => this.sink?.onData(value);
  private readonly onPortClose = (): void => this.finish(new RpcError('CLOSED', 'The MessagePort was closed by the other side'));
  private readonly onWorkerExit = (code: unknown): void => this.finish(new RpcError('CLOSED', `The worker exited (code ${String(code)}) before replying`));

  constructor(private readonly port: PortLike) {}

  start(sink: TransportSink): void {
    this.sink = sink;
    const port = this.port;
    if (isEmitterPort(port)) {
      port.on('message', this.onMessageValue);
      port.on('close', this.onPortClose);
      port.on('exit', this.onWorkerExit);
    } else {
      port.addEventListener('message', this.onMessageEvent);
      port.start?.();
    }
  }

  send(data: unknown, transfer?: readonly object[]): void {
    if (this.closed) return;
    this.port.postMessage(data, (transfer ?? []) as never[]);
  }

  close(): void {
    if (this.closed) return;
    this.detach();
    // Only a MessagePort is ours to close; closing a worker's global scope would kill the worker.
    if (typeof MessagePort !== 'undefined' && this.port instanceof MessagePort) this.port.close();
    queueMicrotask(() => this.sink?.onClose());
  }

  private finish(error: RpcError): void {
    if (this.closed) return;
    this.detach();
    this.sink?.onClose(error);
  }

  private detach(): void {
    this.closed = true;
    const port = this.port;
    if (isEmitterPort(port)) {
      port.off('message', this.onMessageValue);
      port.off('close', this.onPortClose);
      port.off('exit', this.onWorkerExit);
    } else {
      port.removeEventListener('message', this.onMessageEvent);
    }
  }
}
