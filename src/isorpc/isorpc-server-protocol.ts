import { addCodecs } from '../calls/options.js';
import type { ServerProtocol } from '../calls/server-protocol.js';
import { RpcError } from '../errors.js';
import { createByteFrameIo } from './byte-frame-io.js';
import { Connection } from './connection.js';
import { createValueFrameIo } from './value-frame-io.js';

const anyFrames = { value: createValueFrameIo, bytes: createByteFrameIo };
const portFrames = { value: createValueFrameIo };

/**
 * isorpc's own protocol on the server side: the accepting end of an isorpc connection per transport,
 * of any kind (ports, and bytes with the server's codec). Node servers speak it; a browser build's
 * server takes it as `server.accept(transport, isorpcServerProtocol)` for a byte transport.
 */
export const isorpcServerProtocol: ServerProtocol = {
  name: 'isorpc',
  // A byte transport needs the codecs, made once for the server the first time one is met.
  serve: (transport, handlers, options) => new Connection(transport, 'acceptor', handlers, transport.kind === 'value' ? options : addCodecs(options), anyFrames),
};

/**
 * isorpc on the server side for ports only (MessagePort, Worker, in-process): what the browser
 * build's `createServer()` speaks, so a Worker that serves its page carries no byte framing. A byte
 * transport is closed and refused with `RpcError('UNAVAILABLE')` saying what to use instead.
 */
export const isorpcPortServerProtocol: ServerProtocol = {
  name: 'isorpc',
  serve: (transport, handlers, options) => {
    if (transport.kind === 'value') return new Connection(transport, 'acceptor', handlers, options, portFrames);
    transport.close();
    throw new RpcError(
      'UNAVAILABLE',
      `A '${transport.kind}' transport needs isorpc's byte framing, which this build's createServer() leaves out (it serves ports): use server.accept(transport, isorpcServerProtocol) from 'isorpc/core', with a codec ({ codec: 'json' } or { codec: createMsgpackCodec() })`,
    );
  },
};
