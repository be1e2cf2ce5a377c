// The rpcx golden capture (test/fixtures/wire-vectors/rpcx-tcp.hex, recorded between smallnest/rpcx
// v1.9.1 programs) and, per line, the values its README lists: what a decoder must read back.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One line of the capture: who sent it, and its bytes (only the header for the 1 MiB gzip lines). */
export interface CaptureLine {
  from: 'client' | 'server';
  bytes: Uint8Array;
  /** True for the lines shown as their header only. */
  truncated: boolean;
  /** The whole length the capture gives for a truncated line. */
  totalLength: number;
}

export function readCapture(): CaptureLine[] {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/wire-vectors/rpcx-tcp.hex', import.meta.url)), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [direction, hex, ...rest] = line.split(' ');
      const bytes = Uint8Array.from(Buffer.from(hex!, 'hex'));
      const total = /\((\d+) bytes in all\)/.exec(rest.join(' '));
      return { from: direction === 'client→server' ? 'client' : 'server', bytes, truncated: total !== null, totalLength: total === null ? bytes.byteLength : Number(total[1]) };
    });
}

/** What the README says one message holds. `value` is the decoded payload (JSON or msgpack). */
export interface Expected {
  response?: boolean;
  heartbeat?: boolean;
  oneway?: boolean;
  error?: boolean;
  compressType?: number;
  serializeType: number;
  seq: number;
  servicePath: string;
  serviceMethod: string;
  metadata?: Record<string, string>;
  value?: unknown;
  /** Payload bytes given literally (raw and heartbeat payloads). */
  payloadHex?: string;
}

const J = 1;
const M = 3;
export const NON_ASCII = 'héllo ✓ 日本語 🚀';
const ERROR_TEXT = 'rpcx handler error: 3';
const HEARTBEAT_HEX = 'd318ed55cf47380f95';

/** The capture's lines in order, as values. */
export const EXPECTED: Expected[] = [
  { serializeType: J, seq: 0, servicePath: 'Arith', serviceMethod: 'Mul', value: { A: 7, B: 8 } },
  { response: true, serializeType: J, seq: 0, servicePath: 'Arith', serviceMethod: 'Mul', value: { C: 56 } },
  { serializeType: M, seq: 1, servicePath: 'Arith', serviceMethod: 'Mul', value: { A: 6, B: 7 } },
  { response: true, serializeType: M, seq: 1, servicePath: 'Arith', serviceMethod: 'Mul', value: { C: 42 } },
  { serializeType: J, seq: 2, servicePath: 'Arith', serviceMethod: 'Echo', value: NON_ASCII },
  { response: true, serializeType: J, seq: 2, servicePath: 'Arith', serviceMethod: 'Echo', value: NON_ASCII },
  { serializeType: M, seq: 3, servicePath: 'Arith', serviceMethod: 'Echo', value: NON_ASCII },
  { response: true, serializeType: M, seq: 3, servicePath: 'Arith', serviceMethod: 'Echo', value: NON_ASCII },
  { compressType: 1, serializeType: J, seq: 4, servicePath: 'Arith', serviceMethod: 'Echo' },
  { response: true, compressType: 1, serializeType: J, seq: 4, servicePath: 'Arith', serviceMethod: 'Echo' },
  { serializeType: J, seq: 5, servicePath: 'Arith', serviceMethod: 'Error', value: { A: 3, B: 0 } },
  { response: true, error: true, serializeType: J, seq: 5, servicePath: 'Arith', serviceMethod: 'Error', metadata: { __rpcx_error__: ERROR_TEXT }, value: { C: 0 } },
  { serializeType: J, seq: 6, servicePath: 'Arith', serviceMethod: 'Nope', value: { A: 0, B: 0 } },
  { response: true, error: true, serializeType: J, seq: 6, servicePath: 'Arith', serviceMethod: 'Nope', metadata: { __rpcx_error__: "rpcx: can't find method Nope" } },
  { serializeType: J, seq: 7, servicePath: 'Nope', serviceMethod: 'Mul', value: { A: 0, B: 0 } },
  { response: true, error: true, serializeType: J, seq: 7, servicePath: 'Nope', serviceMethod: 'Mul', metadata: { __rpcx_error__: "rpcx: can't find service Nope" } },
  { serializeType: J, seq: 8, servicePath: 'Arith', serviceMethod: 'Meta', metadata: { trace: 'abc-123', ünï: 'cödé ✓' }, value: { A: 0, B: 0 } },
  { response: true, serializeType: J, seq: 8, servicePath: 'Arith', serviceMethod: 'Meta', metadata: { 'x-reply': 'yes', ünï: 'cödé ✓', trace: 'abc-123' }, value: { trace: 'abc-123', ünï: 'cödé ✓' } },
  { heartbeat: true, serializeType: M, seq: 9, servicePath: '', serviceMethod: '', payloadHex: HEARTBEAT_HEX },
  { response: true, heartbeat: true, serializeType: M, seq: 9, servicePath: '', serviceMethod: '', payloadHex: HEARTBEAT_HEX },
  { oneway: true, serializeType: J, seq: 10, servicePath: 'Arith', serviceMethod: 'Note', value: 'note-1' },
  { serializeType: J, seq: 11, servicePath: 'Arith', serviceMethod: 'LastNote', value: { A: 0, B: 0 } },
  { response: true, serializeType: J, seq: 11, servicePath: 'Arith', serviceMethod: 'LastNote', value: '' },
  { serializeType: J, seq: 12, servicePath: 'Arith', serviceMethod: 'LastNote', value: { A: 0, B: 0 } },
  { response: true, serializeType: J, seq: 12, servicePath: 'Arith', serviceMethod: 'LastNote', value: 'note-1' },
  { serializeType: J, seq: 13, servicePath: 'Arith', serviceMethod: 'Push', value: 'hi' },
  { oneway: true, serializeType: 0, seq: 1, servicePath: 'Notice', serviceMethod: 'Hello', metadata: { from: 'rpcx' }, payloadHex: '6869' },
  { response: true, serializeType: J, seq: 13, servicePath: 'Arith', serviceMethod: 'Push', value: 'pushed' },
  { serializeType: J, seq: 14, servicePath: 'Arith', serviceMethod: 'Sleep', value: { Ms: 400 } },
  { serializeType: J, seq: 15, servicePath: 'Arith', serviceMethod: 'Mul', value: { A: 2, B: 2 } },
  { response: true, serializeType: J, seq: 15, servicePath: 'Arith', serviceMethod: 'Mul', value: { C: 4 } },
  { response: true, serializeType: J, seq: 14, servicePath: 'Arith', serviceMethod: 'Sleep', value: { Ms: 400 } },
];
