// Write batching for the raw TCP baseline, the same as isorpc's TCP transport does: cork the socket
// at the first write of a tick and uncork on nextTick, so a burst of messages leaves in one writev.
// Without it the baseline would pay a syscall per message that isorpc does not.

/** Returns `write(buffer)` for `socket`. */
export function corkedWriter(socket) {
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  return (buffer) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    socket.write(buffer);
  };
}
