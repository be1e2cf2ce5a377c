let lastPeerId = 0;

/** The next `Peer.id`: one counter for every kind of peer, so ids stay unique within the process. */
export function nextPeerId(): number {
  return ++lastPeerId;
}
