import type { ServerResponse } from 'node:http';
import {
  DEFAULT_MAX_FRAME_SIZE,
  ERROR_CODE_HEADER,
  buildOpenApiDocument,
  checkOpenApiOptions,
  httpGatewayProtocol,
  readCallHeaders,
  type DescribedMethods,
  type GatewayReply,
  type GatewayRequest,
  type ListenFunction,
  type Metadata,
  type OpenApiOptions,
} from '../../src/internal.js';
import { applyCors, type CorsOptions } from './cors.js';
import { failRequest, guardHandler } from './guard.js';
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
  /**
   * Serve an OpenAPI 3.1 document of every method at `GET {prefix}openapi.json` (`server` must be an
   * isorpc server: the document is built from its methods and their schemas). Default: none.
   */
  openapi?: OpenApiOptions;
}

/** W3C Trace Context headers, kept as metadata so an instrumented server continues the caller's trace. */
const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

function withTraceHeaders(metadata: Metadata, headers: Readonly<Record<string, string | string[] | undefined>>): Metadata {
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && metadata[name] === undefined) metadata[name] = value;
  }
  return metadata;
}

function describedMethods(server: AcceptingServer): DescribedMethods {
  const candidate = server as Partial<DescribedMethods>;
  if (typeof candidate.methods !== 'function' || typeof candidate.schemasOf !== 'function') {
    throw new TypeError('createHttpGateway(server, { openapi }): server must be an isorpc server (with methods() and schemasOf()) to describe its methods');
  }
  return candidate as DescribedMethods;
}

/** Refuses a request before it becomes a call, answered as a failed call is: JSON and `x-rpc-error`. */
function refuseCall(response: ServerResponse, status: number, code: string, message: string): void {
  refuse(response, status, 'application/json', JSON.stringify({ error: { code, message } }), { [ERROR_CODE_HEADER]: code });
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
  const openapi = options.openapi === undefined ? undefined : { options: checkOpenApiOptions(options.openapi), source: describedMethods(server), path: `${prefix}openapi.json` };
  return guardHandler((request, response, next) => {
    const path = pathOf(request.url);
    if (!path.startsWith(prefix) || path.length === prefix.length) {
      if (next) return next();
      return refuseCall(response, 404, 'NOT_FOUND', `POST ${prefix}{Service}.{method} to call a method`);
    }
    if (applyCors(request, response, options.cors)) return;
    if (openapi !== undefined && path === openapi.path && (request.method === 'GET' || request.method === 'HEAD')) {
      const document = JSON.stringify(buildOpenApiDocument(openapi.source, prefix, openapi.options));
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void response.end(request.method === 'HEAD' ? undefined : document);
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return refuseCall(response, 405, 'BAD_REQUEST', `Use POST to call ${path.slice(prefix.length)}`);
    }
    let method: string;
    try {
      method = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return refuseCall(response, 400, 'BAD_REQUEST', 'The method name in the path is not valid percent-encoding');
    }
    readRequestBody(request, maxBytes).then(
      (body) => {
        if (!(body instanceof Uint8Array)) {
          return refuseCall(response, 413, 'FRAME_TOO_LARGE', `A body of ${body.tooLarge} bytes exceeds the limit of ${maxBytes} bytes`);
        }
        const { metadata, timeoutMs } = readCallHeaders(request.headers);
        const call: GatewayRequest = { method, contentType: request.headers['content-type'] ?? '', accept: request.headers.accept ?? '', body, metadata: withTraceHeaders(metadata, request.headers), timeoutMs };
        const transport = new HttpExchangeTransport(call, response, (reply) => {
          const { status, contentType, body: replyBody, errorCode } = reply as GatewayReply;
          response.writeHead(status, errorCode === undefined ? { 'content-type': contentType } : { 'content-type': contentType, [ERROR_CODE_HEADER]: errorCode });
          response.end(replyBody);
        });
        server.accept(transport, httpGatewayProtocol);
      },
      () => response.destroy(),
    ).catch(() => failRequest(response));
  });
}

/** `http://host:port/prefix`: a node:http server running the gateway under `prefix`. */
export const listenHttpGateway: ListenFunction = (address, context) =>
  listenHttp(address, createHttpGateway(context, { prefix: pathOf(address.path), maxBodySize: context.maxFrameSize }));
