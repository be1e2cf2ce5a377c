import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODE_HEADER, METADATA_HEADER_PREFIX, TIMEOUT_HEADER } from '../../src/internal.js';

/** Cross-origin access for browsers calling the HTTP handlers from another origin. */
export interface CorsOptions {
  /** Origins allowed to call: `'*'` for any, one origin, a list of exact origins, or a test. */
  origin: '*' | string | readonly string[] | ((origin: string) => boolean);
  /** Request headers to allow besides `content-type`, `accept` and the `x-rpc-*` headers. */
  allowHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer. Default 600. */
  maxAge?: number;
}

const ALWAYS_ALLOWED = new Set(['content-type', 'accept', TIMEOUT_HEADER]);

function originAllowed(cors: CorsOptions, origin: string): boolean {
  const { origin: allowed } = cors;
  if (allowed === '*') return true;
  if (typeof allowed === 'function') return allowed(origin);
  return typeof allowed === 'string' ? allowed === origin : allowed.includes(origin);
}

function headerAllowed(cors: CorsOptions, name: string): boolean {
  return ALWAYS_ALLOWED.has(name) || name.startsWith(METADATA_HEADER_PREFIX) || (cors.allowHeaders ?? []).some((extra) => extra.toLowerCase() === name);
}

/**
 * Adds the CORS headers `cors` allows to `response`. Returns true when it answered the request
 * itself: a preflight (`OPTIONS`), with 204 when allowed and 403 when not.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, cors: CorsOptions | undefined): boolean {
  const origin = request.headers.origin;
  if (cors === undefined || origin === undefined) return false;
  const preflight = request.method === 'OPTIONS';
  if (!originAllowed(cors, origin)) {
    if (preflight) response.writeHead(403).end();
    return preflight; // an ordinary request is served, and the browser withholds the answer
  }
  response.setHeader('access-control-allow-origin', cors.origin === '*' ? '*' : origin);
  if (cors.origin !== '*') response.setHeader('vary', 'origin');
  response.setHeader('access-control-expose-headers', ERROR_CODE_HEADER);
  if (!preflight) return false;
  const requested = String(request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && headerAllowed(cors, name));
  response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
  if (requested.length > 0) response.setHeader('access-control-allow-headers', requested.join(', '));
  response.setHeader('access-control-max-age', String(cors.maxAge ?? 600));
  response.writeHead(204).end();
  return true;
}
