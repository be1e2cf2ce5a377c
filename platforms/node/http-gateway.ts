import { DEFAULT_MAX_FRAME_SIZE, ERROR_CODE_HEADER, httpGatewayProtocol, readCallHeaders, type GatewayReply, type GatewayRequest, type ListenFunction } from '../../src/internal.js';
import { applyCors, type CorsOptions } from './cors.js';
import { HttpExchangeTransport, pathOf, readRequestBody, refuse, type AcceptingServer, type HttpHandler } from './http-exchange.js';
import { listenHttp } from './http-listener.js';

/** Options of {@link createHttpGateway}. */
export interface HttpGatewayOptions {
  /** Path under which methods are exposed: `'/api'` serves `POST /api/Arith.multiply`. Default `'/'`. */
  prefix?: string;
  /** Let browsers on other origins call. Default: none. */
  cors?: CorsOptions;
  /** Largest request body in bytes, refused with 413 before it is read. Default 16 MiB. */
  maxBodySize?: number;
}

function errorJson(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * A `node:http` request handler exposing `server`'s registered methods as `POST /{Service}.{method}`
 * (a route registered as `/echo` is `POST /echo`), so curl or any HTTP client can call them. The body
 * is the argument, JSON or MessagePack (`content-type: application/msgpack`); an empty body is no
 * argument. The reply is `{"result": …}` with 200, or `{"error": {code, message, remoteCode, data}}`
 * with the status of the error's code and an `x-rpc-error` header. Headers `x-rpc-meta-*` become
 * `ctx.metadata`, `x-rpc-timeout` (ms) the deadline.
 */
export function createHttpGateway(server: AcceptingServer, options: HttpGatewayOptions = {}): HttpHandler {
  const prefix = (options.prefix ?? '/').replace(/\/?$/, '/');
  const maxBytes = options.maxBodySize ?? DEFAULT_MAX_FRAME_SIZE;
  return (request, response, next) => {
    const path = pathOf(request.url);
    if (!path.startsWith(prefix) || path.length === prefix.length) {
      if (next) return next();
      return refuse(response, 404, 'application/json', errorJson('NOT_FOUND', `POST ${prefix}{Service}.{method} to call a method`));
    }
    if (applyCors(request, response, options.cors)) return;
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return refuse(response, 405, 'application/json', errorJson('BAD_REQUEST', `Use POST to call ${path.slice(prefix.length)}`));
    }
    let method: string;
    try {
      method = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return refuse(response, 400, 'application/json', errorJson('BAD_REQUEST', 'The method name in the path is not valid percent-encoding'));
    }
    readRequestBody(request, maxBytes).then(
      (body) => {
        if (!(body instanceof Uint8Array)) {
          return refuse(response, 413, 'application/json', errorJson('FRAME_TOO_LARGE', `A body of ${body.tooLarge} bytes exceeds the limit of ${maxBytes} bytes`));
        }
        const { metadata, timeoutMs } = readCallHeaders(request.headers);
        const call: GatewayRequest = { method, contentType: request.headers['content-type'] ?? '', accept: request.headers.accept ?? '', body, metadata, timeoutMs };
        const transport = new HttpExchangeTransport(call, response, (reply) => {
          const { status, contentType, body: replyBody, errorCode } = reply as GatewayReply;
          response.writeHead(status, errorCode === undefined ? { 'content-type': contentType } : { 'content-type': contentType, [ERROR_CODE_HEADER]: errorCode });
          response.end(replyBody);
        });
        server.accept(transport, httpGatewayProtocol);
      },
      () => response.destroy(),
    );
  };
}

/** `http://host:port/prefix`: a node:http server running the gateway under `prefix`. */
export const listenHttpGateway: ListenFunction = (address, context) =>
  listenHttp(address, createHttpGateway(context, { prefix: pathOf(address.path), maxBodySize: context.maxFrameSize }));
