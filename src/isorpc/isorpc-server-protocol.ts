import type { ServerProtocol } from '../calls/server-protocol.js';
import { createByteFrameIo } from './byte-frame-io.js';
import { Connection } from './connection.js';
import { createValueFrameIo } from './value-frame-io.js';

// A server may be handed ports and bytes, so it carries both framings.
const frames = { value: createValueFrameIo, bytes: createByteFrameIo };

/** isorpc's own protocol on the server side: the accepting end of a {@link Connection} per transport, of any kind. */
export const isorpcServerProtocol: ServerProtocol = {
  name: 'isorpc',
  serve: (transport, handlers, options) => new Connection(transport, 'acceptor', handlers, options, frames),
};
