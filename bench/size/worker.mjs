// Size fixture: a Worker that serves its parent and calls another worker over a MessagePort.
import { connectPort, createServer } from 'isorpc';

createServer()
  .register('Image', { invert: (pixels) => pixels.map((v) => 255 - v) })
  .accept(self);
self.addEventListener('message', (event) => {
  if (event.data?.port) void connectPort(event.data.port).then((peer) => peer.call('Log.write', 'ready'));
});
