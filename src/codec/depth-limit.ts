/**
 * Refuses decoded values nested deeper than `maxDepth` arrays/objects: msgpack and JSON decode deep
 * input without complaint, and a handler that recurses over it could then overflow its stack. The
 * walk recurses (no allocation: it runs on every call's body) but never deeper than the limit; with
 * a limit so high that the walk itself overflows, the value is refused as too deep all the same.
 * Throws a RangeError.
 */
export function checkDepth<T>(value: T, maxDepth: number): T {
  if (typeof value !== 'object' || value === null || maxDepth <= 0) return value;
  let ok: boolean;
  try {
    ok = within(value, maxDepth - 1);
  } catch {
    ok = false; // the engine's stack ran out before the limit did
  }
  if (!ok) throw new RangeError(`the value is nested deeper than maxDepth (${maxDepth})`);
  return value;
}

/** True when the children of `node` nest at most `left` more levels (byte arrays count as a level). */
function within(node: object, left: number): boolean {
  if (ArrayBuffer.isView(node)) return true;
  if (Array.isArray(node)) {
    for (const child of node) if (typeof child === 'object' && child !== null && (left === 0 || !within(child, left - 1))) return false;
    return true;
  }
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const child = (node as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && (left === 0 || !within(child, left - 1))) return false;
  }
  return true;
}
