// What every command shares: argument checks, connecting with the common options, printing.
import { readFileSync } from 'node:fs';
import { connect, isRpcError } from '../../dist/node.mjs';

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Parses a JSON argument, saying which one was malformed. */
export function parseJson(text, what) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON (${error.message}): ${text}`);
  }
}

/** `--metadata k=v` (repeatable) or `--metadata '{"k":"v"}'`, merged into one string record. */
export function parseMetadata(entries = []) {
  const metadata = {};
  for (const entry of entries) {
    if (entry.trimStart().startsWith('{')) {
      const parsed = parseJson(entry, '--metadata');
      for (const [key, value] of Object.entries(parsed ?? {})) metadata[key] = String(value);
    } else {
      const eq = entry.indexOf('=');
      if (eq <= 0) throw new UsageError(`--metadata wants key=value or a JSON object, got "${entry}"`);
      metadata[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  }
  return metadata;
}

/** A positive number option, or its default. */
export function positiveNumber(text, name, fallback) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`${name} must be a number > 0, got "${text}"`);
  return value;
}

/** Call options shared by call, list and bench. */
export function callOptions(values) {
  const options = {};
  const metadata = parseMetadata(values.metadata);
  if (Object.keys(metadata).length > 0) options.metadata = metadata;
  if (values.timeout !== undefined) options.timeout = positiveNumber(values.timeout, '--timeout', undefined);
  return options;
}

/** Connects with the `--codec` (isorpc addresses) and a connect timeout that follows `--timeout`. */
export function open(address, values) {
  if (address === undefined) throw new UsageError('missing <address>');
  if (values.codec !== undefined && values.codec !== 'msgpack' && values.codec !== 'json') throw new UsageError(`--codec must be msgpack or json, got "${values.codec}"`);
  const options = { connectTimeout: positiveNumber(values.timeout, '--timeout', 10_000) };
  if (values.codec !== undefined) options.codec = values.codec;
  const tls = tlsOptions(values);
  if (tls !== undefined) options.tls = tls;
  return connect(address, options);
}

/** `--ca`, `--cert`, `--key`: PEM files for tls:// and wss:// (a private CA, mutual TLS). */
function tlsOptions(values) {
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together (mutual TLS)');
  const tls = {};
  for (const name of ['ca', 'cert', 'key']) {
    if (values[name] === undefined) continue;
    try {
      tls[name] = readFileSync(values[name], 'utf8');
    } catch (error) {
      throw new UsageError(`--${name}: cannot read ${values[name]} (${error.code ?? error.message})`);
    }
  }
  return Object.keys(tls).length > 0 ? tls : undefined;
}

/** JSON for people: binary as base64 `{ "$binary": … }` instead of an object of indices. */
export function formatJson(value) {
  return JSON.stringify(value, (_key, item) => (item instanceof Uint8Array ? { $binary: Buffer.from(item).toString('base64') } : item), 2) ?? 'undefined';
}

/** Prints an RpcError as `CODE: message` (plus the remote code), anything else as it is. */
export function printError(error) {
  if (isRpcError(error)) {
    const remote = error.remoteCode === undefined ? '' : ` (remote code ${error.remoteCode})`;
    console.error(`isorpc: ${error.code}${remote}: ${error.message}`);
  } else {
    console.error(`isorpc: ${error instanceof Error ? error.message : String(error)}`);
  }
}
