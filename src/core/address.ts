/** An address split into parts, e.g. from `tcp://127.0.0.1:8972`, `tcp@127.0.0.1:8972` or `ws://host:80/rpc`. */
export interface ParsedAddress {
  /** `'tcp'`, `'tls'`, `'ws'`, `'wss'`, or a protocol over one of them such as `'jsonrpc+ws'`, … */
  scheme: string;
  /** Host name or IP, without IPv6 brackets. */
  host: string;
  /** Port number; 0 asks the system for a free port when listening. */
  port: number;
  /** Path and query for WebSocket and HTTP addresses (`'/'` when absent); `''` for TCP. */
  path: string;
  /** How it was written, so bound addresses come back in the same style: `tcp://` (url) or `tcp@` (at). */
  style: 'url' | 'at';
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { ws: 80, wss: 443, http: 80, https: 443 };
const WEB_SCHEMES: ReadonlySet<string> = new Set(['ws', 'wss', 'http', 'https']);

/** The transport under a scheme: `'ws'` for `jsonrpc+ws`, `'tcp'` for `gorpc+tcp`, the scheme itself otherwise. */
export function transportScheme(scheme: string): string {
  return scheme.slice(scheme.lastIndexOf('+') + 1);
}

function badAddress(address: string, why: string): TypeError {
  return new TypeError(`Invalid address "${address}": ${why}. Use tcp://host:port, tcp@host:port or ws://host:port/path`);
}

function parsePort(address: string, text: string, scheme: string): number {
  if (text === '') {
    const base = transportScheme(scheme);
    const fallback = Object.hasOwn(DEFAULT_PORTS, base) ? DEFAULT_PORTS[base] : undefined;
    if (fallback === undefined) throw badAddress(address, 'a port is required (use 0 to pick a free one when listening)');
    return fallback;
  }
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badAddress(address, `port "${text}" is not 0–65535`);
  return port;
}

/** Parses an address; throws a TypeError that shows the accepted forms. */
export function parseAddress(address: string): ParsedAddress {
  if (typeof address !== 'string') throw badAddress(String(address), 'not a string');
  const at = /^([a-z][a-z0-9+.-]*)@(.+)$/i.exec(address);
  if (at !== null && !address.includes('://')) {
    const scheme = at[1]!.toLowerCase();
    const hostPort = at[2]!;
    const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(hostPort);
    const colon = hostPort.lastIndexOf(':');
    const host = bracketed ? bracketed[1]! : colon < 0 ? hostPort : hostPort.slice(0, colon);
    const portText = bracketed ? (bracketed[2] ?? '') : colon < 0 ? '' : hostPort.slice(colon + 1);
    if (host === '') throw badAddress(address, 'the host is missing');
    return { scheme, host, port: parsePort(address, portText, scheme), path: '', style: 'at' };
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    // URL refuses ports over 65535 without saying so.
    const port = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(address)?.[1];
    throw badAddress(address, port !== undefined && Number(port) > 65535 ? `port "${port}" is not 0–65535` : 'it is neither a URL nor scheme@host:port');
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw badAddress(address, 'the host is missing');
  const isWeb = WEB_SCHEMES.has(transportScheme(scheme));
  return { scheme, host, port: parsePort(address, url.port, scheme), path: isWeb ? `${url.pathname || '/'}${url.search}` : '', style: 'url' };
}

/** Formats an address in the style it was given, optionally with another port (the bound one). */
export function formatAddress(address: ParsedAddress, port: number = address.port): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return address.style === 'at' ? `${address.scheme}@${host}:${port}` : `${address.scheme}://${host}:${port}${address.path}`;
}
