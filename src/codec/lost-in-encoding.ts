/**
 * Why `value` cannot be encoded by `codec` without losing its contents, or `undefined` when it can.
 * msgpack and JSON carry an object's own enumerable properties, and a Map, Set, ArrayBuffer, Error,
 * RegExp, Promise, WeakMap or WeakSet keeps its contents elsewhere: it would arrive as `{}`, which is
 * a mistake to report, not data to lose. Plain objects and arrays, checked first, cost one prototype
 * read. Structured clone (MessagePort, Worker) carries all but the last three.
 */
export function lostInEncoding(value: object, codec: string): string | undefined {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === Array.prototype || proto === null) return undefined;
  const lost =
    value instanceof Map || value instanceof Set || value instanceof ArrayBuffer || value instanceof Error || value instanceof RegExp || value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet;
  if (!lost) return undefined;
  return `${codec} cannot carry ${nameOf(value)} (it would arrive as {}): convert it, e.g. Object.fromEntries(map), [...set], new Uint8Array(buffer), { name, message } of an Error`;
}

/** `a Map`, `an Error`: the built-in kind of an object, for messages. */
export function nameOf(value: object): string {
  const kind = Object.prototype.toString.call(value).slice(8, -1);
  return `${/^[AEIO]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
