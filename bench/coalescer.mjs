// The coalescing raw WebSocket baseline's batching: every message queued in one tick leaves in one
// WebSocket message as `u32 length, message` runs, which is what isorpc's negotiated coalescing does.

/** Returns `send(buffer)` that batches per tick into `socket.send(batch)`. */
export function coalescingSender(socket) {
  let queue = [];
  let bytes = 0;
  const flush = () => {
    const batch = Buffer.allocUnsafe(bytes);
    let offset = 0;
    for (const message of queue) {
      batch.writeUInt32BE(message.length, offset);
      message.copy(batch, offset + 4);
      offset += 4 + message.length;
    }
    queue = [];
    bytes = 0;
    socket.send(batch);
  };
  return (message) => {
    if (queue.length === 0) process.nextTick(flush);
    queue.push(message);
    bytes += 4 + message.length;
  };
}

/** Calls `onMessage(buffer, start, end)` for every message of a batch. */
export function forEachInBatch(batch, onMessage) {
  for (let offset = 0; offset < batch.length; ) {
    const end = offset + 4 + batch.readUInt32BE(offset);
    onMessage(batch, offset + 4, end);
    offset = end;
  }
}
