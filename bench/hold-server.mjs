// Child process for the RSS check: an isorpc server whose Bench.hold(n) replies only once n calls are
// waiting, so the client really has n calls in flight. Its own process, so the client's RSS is its own.
import { createServer } from '../dist/node.mjs';

let held = [];
const server = createServer().register('Bench', {
  hold: (n) =>
    new Promise((resolve) => {
      held.push(resolve);
      if (held.length < n) return;
      const release = held;
      held = [];
      for (const settle of release) settle(null);
    }),
});
const address = await server.listen(`${process.argv[2]}://127.0.0.1:0${process.argv[2] === 'ws' ? '/' : ''}`);
process.send({ address });
process.on('disconnect', () => process.exit(0));
