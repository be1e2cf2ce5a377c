/**
 * Refuses decoded values nested deeper than `maxDepth` arrays/objects: msgpack and JSON decode deep
 * input without complaint, and a handler that recurses over it could then overflow its stack. The
 * walk uses an explicit stack, so checking a hostile value cannot overflow either. Throws a RangeError.
 */
export function checkDepth<T>(value: T, maxDepth: number): T {
  if (typeof value !== 'object' || value === null || maxDepth <= 0) return value;
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > maxDepth) throw new RangeError(`the value is nested deeper than maxDepth (${maxDepth})`);
    const children = Array.isArray(node) ? node : ArrayBuffer.isView(node) ? [] : Object.values(node as object);
    for (const child of children) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  return value;
}
