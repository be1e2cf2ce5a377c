import {
  DEFAULT_MAX_FRAME_SIZE,
  errorResponseText,
  JsonRpcErrorCode,
  jsonRpcHttpProtocol,
  readCallHeaders,
  type JsonRpcExchange,
  type ListenFunction,
} from '../../src/internal.js';
import { applyCors, type CorsOptions } from './cors.js';
import { HttpExchangeTransport, pathOf, readRequestBody, refuse, type AcceptingServer, type HttpHandler } from './http-exchange.js';
import { listenHttp } from './http-listener.js';
import { failRequest, guardHandler } from './guard.js';

/** Options of {@link createJsonRpcHttpHandler}. */
export interface JsonRpcHttpHandlerOptions {
  /** Serve only this path, e.g. `'/rpc'`; other paths go to `next` or get 404. Default: every path. */
  path?: string;
  /** Let browsers on other origins call (preflight and response headers). Default: none. */
  cors?: CorsOptions;
  /** Largest request body in bytes, refused with 413 before it is read. Default 16 MiB. */
  maxBodySize?: number;
}

/**
 * A `node:http` request handler that answers JSON-RPC 2.0 POSTs (single requests, notifications and
 * batches) from `server`'s registered methods: `http.createServer(createJsonRpcHttpHandler(server))`,
 * or mounted in Express/Connect. Replies are 200 with the response (or batch), 204 when the body held
 * only notifications. Headers `x-rpc-meta-*` become `ctx.metadata`, `x-rpc-timeout` the deadline, and
 * a client that disconnects aborts `ctx.signal`.
 */
export function createJsonRpcHttpHandler(server: AcceptingServer, options: JsonRpcHttpHandlerOptions = {}): HttpHandler {
  const maxBytes = options.maxBodySize ?? DEFAULT_MAX_FRAME_SIZE;
  return guardHandler((request, response, next) => {
    if (options.path !== undefined && pathOf(request.url) !== options.path) {
      if (next) return next();
      return refuse(response, 404, 'text/plain; charset=utf-8', `No JSON-RPC endpoint here; POST to ${options.path}\n`);
    }
    if (applyCors(request, response, options.cors)) return;
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return refuse(response, 405, 'text/plain; charset=utf-8', 'JSON-RPC 2.0 endpoint: POST a request or a batch as JSON\n');
    }
    readRequestBody(request, maxBytes).then(
      (body) => {
        if (!(body instanceof Uint8Array)) {
          const message = `Invalid request: a body of ${body.tooLarge} bytes exceeds the limit of ${maxBytes} bytes`;
          return refuse(response, 413, 'application/json', errorResponseText(null, { code: JsonRpcErrorCode.InvalidRequest, message }));
        }
        const exchange: JsonRpcExchange = { body, ...readCallHeaders(request.headers) };
        const transport = new HttpExchangeTransport(exchange, response, (reply) => {
          if (reply === '') response.writeHead(204).end();
          else response.writeHead(200, { 'content-type': 'application/json' }).end(reply as string);
        });
        server.accept(transport, jsonRpcHttpProtocol);
      },
      () => response.destroy(), // the client went away while sending
    ).catch(() => failRequest(response));
  });
}

/** `jsonrpc+http://host:port/path`: a node:http server answering JSON-RPC at `path`. */
export const listenJsonRpcHttp: ListenFunction = (address, context) =>
  listenHttp(address, createJsonRpcHttpHandler(context, { path: pathOf(address.path), maxBodySize: context.maxFrameSize }));
