import type { ServerProtocol } from '../calls/server-protocol.js';
import { Connection } from './connection.js';

/** isorpc's own protocol on the server side: the accepting end of a {@link Connection} per transport. */
export const isorpcServerProtocol: ServerProtocol = {
  name: 'isorpc',
  serve: (transport, handlers, options) => new Connection(transport, 'acceptor', handlers, options),
};
