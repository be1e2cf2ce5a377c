// The payloads every benchmark moves, and raw-baseline bytes sized to match them on the wire.
import { encode } from '@msgpack/msgpack';

export const METHOD = 'Bench.echo';
/** What isorpc clients send in the small-call modes; the handler echoes it back. */
export const ARG = Object.freeze({ id: 1, text: 'hello world', n: 42 });

/** isorpc's fixed frame header (docs/PROTOCOL.md); the method name and msgpack body follow it. */
const ISORPC_HEADER_BYTES = 20;

/**
 * Raw TCP/WS messages are exactly as long as an isorpc request frame (header + method + body,
 * 55 bytes today), so the baselines move at least as many bytes as isorpc does. The first 4 bytes
 * are the request id, the rest is opaque filler the server copies back.
 */
export const RAW_MESSAGE_BYTES = ISORPC_HEADER_BYTES + Buffer.byteLength(METHOD) + encode(ARG).byteLength;
const RAW_ID_BYTES = 4;
export const RAW_FILLER = Buffer.alloc(RAW_MESSAGE_BYTES - RAW_ID_BYTES, 'hello world ');

/** The raw MessagePort baseline posts `{ id, payload }` with the same object isorpc sends. */
export const RAW_PORT_PAYLOAD = ARG;

/** The large-payload modes echo 64 KiB of bytes: a `Uint8Array` for isorpc, the same bytes raw. */
export const BIG_BYTES = 64 * 1024;
export const BIG_ARG = new Uint8Array(BIG_BYTES).fill(7);
/** Raw TCP/WS: 4 id bytes and the 64 KiB payload; MessagePort posts `{ id, payload: BIG_ARG }`. */
export const RAW_BIG_FILLER = Buffer.alloc(BIG_BYTES, 7);
