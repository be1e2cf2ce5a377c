import type { Metadata } from '../../core/peer-types.js';

/**
 * How call metadata and deadlines travel in HTTP headers, for the JSON-RPC HTTP transport and the HTTP
 * gateway: metadata key `trace` is header `x-rpc-meta-trace` (values percent-encoded UTF-8, so any
 * string fits in a header), the caller's timeout in ms is `x-rpc-timeout`.
 */
export const METADATA_HEADER_PREFIX = 'x-rpc-meta-';
/** The caller's timeout in milliseconds; the handler's `ctx.deadline`. */
export const TIMEOUT_HEADER = 'x-rpc-timeout';
/** Set on the HTTP gateway's error replies: the isorpc error code. */
export const ERROR_CODE_HEADER = 'x-rpc-error';

/** Headers for `metadata` and `timeoutMs` (omitted when 0). */
export function callHeaders(metadata: Metadata | undefined, timeoutMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key in metadata) headers[METADATA_HEADER_PREFIX + key.toLowerCase()] = encodeURIComponent(metadata[key]!);
  if (timeoutMs > 0) headers[TIMEOUT_HEADER] = String(timeoutMs);
  return headers;
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // typed by hand (curl) with a stray '%': keep it as sent
  }
}

/** Metadata and timeout from request headers (lower-case names, as Node gives them). */
export function readCallHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): {
  /** From the `x-rpc-meta-*` headers. */
  metadata: Metadata;
  /** From `x-rpc-timeout`; 0 for none. */
  timeoutMs: number;
} {
  const metadata: Metadata = {};
  for (const name of Object.keys(headers)) {
    if (!name.startsWith(METADATA_HEADER_PREFIX)) continue;
    const key = name.slice(METADATA_HEADER_PREFIX.length);
    const value = headers[name];
    if (key === '' || key === '__proto__' || value === undefined) continue;
    metadata[key] = decodeValue(Array.isArray(value) ? value.join(', ') : value);
  }
  const timeout = Number(headers[TIMEOUT_HEADER]);
  return { metadata, timeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : 0 };
}
