import type { ServerResponse } from 'node:http';
import type { HttpHandler } from './http-exchange.js';

/**
 * Answers a request whose handler failed: 500 while nothing was sent yet, otherwise the socket is
 * destroyed (a half-sent response cannot be repaired). The error is not shown to the client.
 */
export function failRequest(response: ServerResponse): void {
  if (response.headersSent || response.writableEnded) {
    response.destroy();
    return;
  }
  response.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'The server failed while answering this request; it keeps serving others' } }));
}

/**
 * `handler`, made safe to mount: anything it throws answers 500 instead of reaching node:http (where
 * an uncaught exception would end the process). Asynchronous work inside a handler catches its own
 * errors with {@link failRequest}.
 */
export function guardHandler<H extends HttpHandler>(handler: H): H {
  const guarded = ((request, response, next) => {
    try {
      handler(request, response, next);
    } catch {
      failRequest(response);
    }
  }) as H;
  return Object.assign(guarded, handler);
}
