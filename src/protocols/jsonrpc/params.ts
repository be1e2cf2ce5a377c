/**
 * isorpc handlers take one argument; JSON-RPC has `params` by name (an object) or by position (an
 * array). These two functions map between them so that an isorpc client and server round-trip every
 * value exactly, and foreign clients reach handlers naturally.
 */

/**
 * `params` as the handler's argument: an object as it is; a one-element array as its element (Go and
 * many clients wrap the argument that way); an empty or absent one as `undefined`; a longer array as
 * the array.
 */
export function paramsToArg(params: unknown): unknown {
  if (!Array.isArray(params)) return params;
  if (params.length === 0) return undefined;
  return params.length === 1 ? params[0] : params;
}

/** True when `value` is written as a JSON object: not an array, binary, or something with its own toJSON (a Date). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * The `params` member for an argument: none for `undefined`, the object itself for an object (by
 * name), otherwise a one-element array (by position), which {@link paramsToArg} unwraps.
 */
export function argToParams(arg: unknown): unknown[] | Record<string, unknown> | undefined {
  if (arg === undefined) return undefined;
  return isJsonObject(arg) ? arg : [arg];
}
