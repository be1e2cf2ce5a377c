// The raw TCP baseline's framing: u32 big-endian length, then the message. A real streaming decoder
// (messages may be split across or packed into chunks), so the baseline does the same work isorpc does.

/** Returns a `Buffer` holding `length prefix + message`, with `id` in the message's first 4 bytes. */
export function encodeMessage(id, filler) {
  const out = Buffer.allocUnsafe(8 + filler.length);
  out.writeUInt32BE(4 + filler.length, 0);
  out.writeUInt32BE(id, 4);
  filler.copy(out, 8);
  return out;
}

/** Calls `onMessage(buffer, start, end)` for each complete message; keeps any partial tail. */
export function createDecoder(onMessage) {
  let pending; // bytes of an incomplete message from earlier chunks
  return (chunk) => {
    let buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    pending = undefined;
    let offset = 0;
    while (buf.length - offset >= 4) {
      const end = offset + 4 + buf.readUInt32BE(offset);
      if (end > buf.length) break;
      onMessage(buf, offset + 4, end);
      offset = end;
    }
    if (offset < buf.length) pending = buf.subarray(offset);
  };
}
