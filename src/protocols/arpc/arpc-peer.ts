import { RpcError } from '../../errors.js';
import { createHeaderFrameDecoder } from '../../framing/header-frame-decoder.js';
import type { StreamDecoder } from '../../framing/length-prefix-decoder.js';
import { notFoundError, type CallOutcome } from '../../calls/serve-call.js';
import type { CallOptions, NotifyOptions } from '../../core/peer-types.js';
import type { HandlerLookup } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import { MessagePeer } from '../shared/message-peer.js';
import { ArpcHeartbeat, type ArpcHeartbeatTimes } from './arpc-heartbeat.js';
import { checkDecoding, decodeArpcBody, encodeArpcBody, type ArpcBodyDecoding } from './body.js';
import { ARPC_FLAG_ASYNC, ARPC_FLAG_ERROR, ArpcCmd, arpcFrameSpec, decodeArpcFrame, encodeArpcFrame, type ArpcFrame, type ArpcFrameInit } from './frame.js';

/** The error text Go's arpc sends for an unknown route; isorpc maps it to and from `NOT_FOUND`. */
export const ARPC_NOT_FOUND_TEXT = 'method not found';

/** Options of one arpc call: {@link CallOptions} plus how to read its reply. */
export interface ArpcCallOptions extends CallOptions {
  /** How to read this call's reply body; default: the client's `decode` option (`'auto'`). */
  decode?: ArpcBodyDecoding;
}

/** Settings of an {@link ArpcPeer}. */
export interface ArpcPeerSettings {
  maxFrameSize: number;
  /** Default timeout of the calls this side makes, in ms. */
  timeout: number;
  /** How incoming request bodies and (by default) reply bodies are read. */
  decode: ArpcBodyDecoding;
  /** Deepest nesting accepted in a JSON body. */
  maxDepth: number;
  /** Ping/Pong liveness; both 0 on the server side (Go clients ping when they want to). */
  heartbeat: ArpcHeartbeatTimes;
}

const HEARTBEAT_PING = 0; // a ping no caller waits for; call seqs start at 1
const MAX_CALL_SEQ = 0xffffffffn;
const errorText = /* @__PURE__ */ new TextDecoder(); // lenient: an error's text is shown, never rejected

/**
 * An arpc peer on a TCP stream or a WebSocket (frames may share a message or span several, as Go
 * writes them, so both are read as a stream). Symmetric: it calls and notifies the other side and
 * serves the other side's requests and notifications through `handlers`. arpc carries neither
 * deadline nor metadata: timeouts and cancellation are this side's alone, the handler is not told.
 */
export class ArpcPeer extends MessagePeer {
  private readonly decoder: StreamDecoder;
  /** Calls that asked for a reply decoding other than the peer's. */
  private readonly replyDecodings = new Map<number, ArpcBodyDecoding>();
  /** Pings waiting for their Pong, oldest first (arpc's Pong carries no seq of its own). */
  private readonly pingQueue: number[] = [];
  private readonly heartbeat: ArpcHeartbeat;

  constructor(
    private readonly transport: Transport,
    handlers: HandlerLookup,
    private readonly settings: ArpcPeerSettings,
  ) {
    super(handlers, settings.timeout);
    this.decoder = createHeaderFrameDecoder(arpcFrameSpec, settings.maxFrameSize);
    this.heartbeat = new ArpcHeartbeat(settings.heartbeat, () => this.sendPingFrame(HEARTBEAT_PING), (reason) => this.closeWith(reason));
    transport.start({
      onData: (data) => this.receive(data),
      onClose: (error) => this.closeWith(error ?? new RpcError('CLOSED', 'The arpc connection was closed by the other side')),
    });
  }

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  /** Sends an arpc Notify (Async flag set, as Go does). arpc has no metadata: `options.metadata` is not sent. */
  notify(method: string, arg?: unknown, _options?: NotifyOptions): void {
    if (this.closed) throw this.closedError();
    this.send({ cmd: ArpcCmd.Notify, flag: ARPC_FLAG_ASYNC, seq: BigInt(this.pending.nextSequence()), method, body: encodeArpcBody(arg) });
  }

  protected sendRequest(seq: number, method: string, arg: unknown, options: ArpcCallOptions | undefined): void {
    const decode = options?.decode === undefined ? undefined : checkDecoding(options.decode, 'The decode option');
    this.send({ cmd: ArpcCmd.Request, flag: 0, seq: BigInt(seq), method, body: encodeArpcBody(arg) });
    if (decode !== undefined && decode !== this.settings.decode) this.replyDecodings.set(seq, decode);
  }

  protected override sendPing(seq: number): void {
    this.sendPingFrame(seq);
  }

  protected override abandonCall(seq: number): void {
    this.replyDecodings.delete(seq);
    const queued = this.pingQueue.indexOf(seq);
    if (queued >= 0) this.pingQueue[queued] = HEARTBEAT_PING; // its Pong still comes, and must not settle a later ping
  }

  protected closeTransport(): void {
    this.heartbeat.stop();
    this.replyDecodings.clear();
    this.pingQueue.length = 0;
    this.transport.close();
  }

  private sendPingFrame(seq: number): void {
    this.send({ cmd: ArpcCmd.Ping, flag: 0, seq: 0n, method: '', body: new Uint8Array(0) });
    this.pingQueue.push(seq);
  }

  private send(frame: ArpcFrameInit): void {
    const bytes = encodeArpcFrame(frame);
    if (bytes.byteLength > this.settings.maxFrameSize) {
      throw new RpcError('FRAME_TOO_LARGE', `The arpc message for ${frame.method} is ${bytes.byteLength} bytes, over the limit of ${this.settings.maxFrameSize}; raise maxFrameSize or send less`);
    }
    this.transport.send(bytes);
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    if (!(data instanceof Uint8Array)) {
      return this.closeWith(new RpcError('PROTOCOL', 'arpc travels in binary WebSocket messages; a text message arrived'));
    }
    let frames: Uint8Array[];
    try {
      frames = this.decoder.decode(data);
    } catch (error) {
      return this.closeWith(RpcError.from(error, 'PROTOCOL'));
    }
    if (frames.length > 0) this.heartbeat.heardFrom();
    for (const bytes of frames) {
      if (this.closed) return;
      try {
        this.dispatch(decodeArpcFrame(bytes));
      } catch (error) {
        return this.closeWith(RpcError.from(error, 'PROTOCOL'));
      }
    }
  }

  private dispatch(frame: ArpcFrame): void {
    switch (frame.cmd) {
      case ArpcCmd.Request:
        return this.answer(frame);
      case ArpcCmd.Notify:
        return this.serveNotify(frame);
      case ArpcCmd.Response:
        return this.receiveResponse(frame);
      case ArpcCmd.Ping:
        return this.send({ cmd: ArpcCmd.Pong, flag: 0, seq: frame.seq, method: frame.method, body: new Uint8Array(0) });
      case ArpcCmd.Pong:
        return this.receivePong();
      case ArpcCmd.Stream:
        throw new RpcError('PROTOCOL', 'arpc streams (command 6) are not supported by isorpc; use calls and notifications');
    }
  }

  /** Serves a Request and answers with a Response carrying its method and seq. */
  private answer(frame: ArpcFrame): void {
    const { method, seq } = frame;
    let arg: unknown;
    try {
      arg = decodeArpcBody(frame.body, this.settings.decode, this.settings.maxDepth);
    } catch (error) {
      return this.reply(method, seq, { ok: false, error: RpcError.from(error, 'BAD_REQUEST') });
    }
    this.serve({ method, arg })
      .then((outcome) => this.reply(method, seq, outcome))
      .catch((error: unknown) => this.closeWith(RpcError.from(error))); // a bug here must not take the process down
  }

  private serveNotify(frame: ArpcFrame): void {
    let arg: unknown;
    try {
      arg = decodeArpcBody(frame.body, this.settings.decode, this.settings.maxDepth);
    } catch {
      return; // a notification has nobody to tell
    }
    void this.serve({ method: frame.method, arg });
  }

  private reply(method: string, seq: bigint, outcome: CallOutcome): void {
    if (this.closed) return;
    if (outcome.ok) {
      try {
        return this.send({ cmd: ArpcCmd.Response, flag: 0, seq, method, body: encodeArpcBody(outcome.value) });
      } catch (error) {
        outcome = { ok: false, error: new RpcError('INTERNAL', `The reply of ${method} could not be sent: ${(error as Error).message}`) };
      }
    }
    // Go's arpc clients recognise an unknown route by this exact text.
    const text = outcome.error.code === 'NOT_FOUND' ? ARPC_NOT_FOUND_TEXT : outcome.error.message;
    this.send({ cmd: ArpcCmd.Response, flag: ARPC_FLAG_ERROR, seq, method, body: encodeArpcBody(text) });
  }

  private receiveResponse(frame: ArpcFrame): void {
    if (frame.seq > MAX_CALL_SEQ) return; // never one of ours: this side numbers its calls below 2³²
    const seq = Number(frame.seq);
    const call = this.pending.get(seq);
    if (call === undefined) return; // late (timed out or cancelled) or never made
    const decoding = this.replyDecodings.get(seq) ?? this.settings.decode;
    this.replyDecodings.delete(seq);
    if ((frame.flag & ARPC_FLAG_ERROR) !== 0) {
      const text = errorText.decode(frame.body);
      this.settleCall(seq, { ok: false, error: text === ARPC_NOT_FOUND_TEXT ? notFoundError(call.method) : new RpcError('REMOTE', text) });
      return;
    }
    try {
      this.settleCall(seq, { ok: true, value: decodeArpcBody(frame.body, decoding, this.settings.maxDepth) });
    } catch (error) {
      this.settleCall(seq, { ok: false, error: RpcError.from(error, 'BAD_REQUEST') });
    }
  }

  private receivePong(): void {
    const seq = this.pingQueue.shift();
    if (seq !== undefined && seq !== HEARTBEAT_PING) this.settleCall(seq, { ok: true, value: undefined });
  }
}
