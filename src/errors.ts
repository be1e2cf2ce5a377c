/**
 * The one error type of isorpc. Every failure a caller can see is an `RpcError` whose `code` comes
 * from the closed set below; docs/guide/errors.md documents each code and what to do about it.
 */

/** Every code an `RpcError` can carry. The set is closed: a code not listed here is never produced. */
export const ERROR_CODES = [
  'TIMEOUT',
  'CANCELLED',
  'CLOSED',
  'UNAVAILABLE',
  'NOT_FOUND',
  'BAD_REQUEST',
  'PROTOCOL',
  'FRAME_TOO_LARGE',
  'INTERNAL',
  'REMOTE',
  'RESOURCE_EXHAUSTED',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
] as const;

/** A string code of an {@link RpcError}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Tells whether `code` is one of {@link ERROR_CODES}. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

/** A brand shared by every copy of this module (ESM, CJS, UMD), so `isRpcError` works across them. */
const BRAND = Symbol.for('isorpc.RpcError');

/** Extra fields of an {@link RpcError}. */
export interface RpcErrorOptions {
  /** The error that caused this one, kept for logs; never sent over the wire. */
  cause?: unknown;
  /** For `REMOTE` errors: the `code` property the handler's error carried (a string or a number). */
  remoteCode?: string | number;
  /** For `REMOTE` errors: the serialisable `data` property the handler's error carried. */
  data?: unknown;
  /** For `REMOTE` errors: the handler's stack, only when the server opted in with `exposeStack`. */
  remoteStack?: string;
}

/** An RPC failure with a stable string {@link ErrorCode}. */
export class RpcError extends Error {
  /** One of the closed set of codes; docs/guide/errors.md says what each means. */
  readonly code: ErrorCode;
  /** For `REMOTE` errors: the `code` the handler's error carried. */
  readonly remoteCode: string | number | undefined;
  /** For `REMOTE` errors: the `data` the handler's error carried. */
  readonly data: unknown;
  /** For `REMOTE` errors: the handler's stack, when the server sets `exposeStack`. */
  readonly remoteStack: string | undefined;

  constructor(code: ErrorCode, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RpcError';
    this.code = code;
    this.remoteCode = options.remoteCode;
    this.data = options.data;
    this.remoteStack = options.remoteStack;
  }

  // The brand sits on the prototype: creating an error (one per call, for its timeout) costs nothing
  // extra, and it stays out of the declared type, so the .d.ts of every entry point declares the
  // same structural RpcError.
  static {
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  /**
   * Turns anything thrown into an `RpcError`: an `RpcError` (from any copy of isorpc) is returned as it
   * is, anything else is wrapped with `fallbackCode` and kept as `cause`.
   */
  static from(reason: unknown, fallbackCode: ErrorCode = 'INTERNAL'): RpcError {
    if (isRpcError(reason)) return reason;
    const message = reason instanceof Error ? reason.message : String(reason);
    return new RpcError(fallbackCode, message, { cause: reason });
  }
}

/** True for an {@link RpcError} created by any copy of isorpc (ESM, CJS or the UMD bundle). */
export function isRpcError(value: unknown): value is RpcError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * The same RpcError, created again where it is called. Called in an async function right after
 * `await`, the new error's stack names the awaiting callers (V8's async stack traces) instead of the
 * timer or socket callback the failure came from. Only failures pay for it.
 */
export function atCaller(error: unknown): unknown {
  if (!isRpcError(error)) return error;
  return new RpcError(error.code, error.message, { cause: error.cause, remoteCode: error.remoteCode, data: error.data, remoteStack: error.remoteStack });
}
