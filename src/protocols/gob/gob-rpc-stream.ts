import { RpcError } from '../../errors.js';
import { DEFAULT_MAX_DEPTH } from '../../calls/options.js';
import { createHeaderFrameDecoder } from '../../framing/header-frame-decoder.js';
import type { StreamDecoder } from '../../framing/length-prefix-decoder.js';
import { GobDecoder } from './gob-decoder.js';
import { GobEncoder } from './gob-encoder.js';
import { gobFrameSpec, messageBody } from './gob-primitives.js';
import type { GobType } from './gob-types.js';
import { isHeader } from './rpc-messages.js';

/** Types one connection may define, each way. */
export const DEFAULT_GOB_MAX_TYPES = 4096;
/** Fields one received struct may declare. */
export const DEFAULT_GOB_MAX_FIELDS = 4096;

/** One call or reply: its header, and its body or why the body could not be read. */
export interface GobRpcMessage {
  readonly header: { readonly ServiceMethod: string; readonly Seq: number | bigint; readonly Error?: unknown };
  readonly body: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: RpcError };
}

/**
 * One net/rpc connection's gob streams, both directions: bytes in → header/body pairs, header/body
 * out → bytes. A body that cannot be read is reported with its header (the stream stays in step, as
 * in Go, which answers such a call with the error); anything else unreadable throws, and the
 * connection must close.
 */
export class GobRpcStream {
  private readonly frames: StreamDecoder;
  private readonly decoder: GobDecoder;
  private readonly encoder: GobEncoder;
  private header: GobRpcMessage['header'] | undefined;

  constructor(maxFrameSize: number, maxDepth = DEFAULT_MAX_DEPTH) {
    this.frames = createHeaderFrameDecoder(gobFrameSpec, maxFrameSize);
    this.decoder = new GobDecoder({ maxDepth, maxLength: maxFrameSize, maxTypes: DEFAULT_GOB_MAX_TYPES, maxFields: DEFAULT_GOB_MAX_FIELDS });
    this.encoder = new GobEncoder({ maxDepth, maxFrameSize, maxTypes: DEFAULT_GOB_MAX_TYPES });
  }

  read(data: unknown): GobRpcMessage[] {
    if (!(data instanceof Uint8Array)) throw new RpcError('PROTOCOL', 'gob: net/rpc needs a byte transport (TCP, or a CONNECT over HTTP)');
    const messages: GobRpcMessage[] = [];
    for (const frame of this.frames.decode(data)) {
      const message = this.decoder.read(messageBody(frame));
      if (message.kind === 'type') continue;
      if (this.header === undefined) {
        if (message.kind === 'bad-value') throw new RpcError('PROTOCOL', `gob: a net/rpc header could not be read: ${message.error.message}`, { cause: message.error });
        if (!isHeader(message.value)) throw new RpcError('PROTOCOL', 'gob: expected a net/rpc header {ServiceMethod, Seq}; this is not a Go net/rpc gob stream');
        this.header = message.value;
        continue;
      }
      const body = message.kind === 'value' ? { ok: true as const, value: message.value } : { ok: false as const, error: message.error };
      messages.push({ header: this.header, body });
      this.header = undefined;
    }
    return messages;
  }

  /** The bytes of one header and body (with any type definitions they need). */
  write(header: unknown, headerType: GobType, body: unknown, bodyType?: GobType): Uint8Array {
    return this.encoder.encode([
      [header, headerType],
      [body, bodyType],
    ]);
  }
}
