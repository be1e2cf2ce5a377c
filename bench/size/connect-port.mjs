// Size fixture: a page that talks to a Worker over postMessage (structured clone, no codec needed).
import { connectPort } from 'isorpc';

const client = await connectPort(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
console.log(await client.call('Image.invert', new Uint8Array(4)));
