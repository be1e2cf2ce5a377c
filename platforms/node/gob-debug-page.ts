import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpGatewayProtocol, REFLECTION_SERVICE, type GatewayReply, type GatewayRequest, type ReflectionList } from '../../src/internal.js';
import { HttpExchangeTransport, type AcceptingServer } from './http-exchange.js';

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The page: one table per service, its methods and call counts, as Go's `/debug/rpc` shows them. */
export function renderDebugPage(list: ReflectionList): string {
  const services = list.services.map((service) => {
    const rows = service.methods.map((method) => `<tr><td align="left">${escape(method.name)}</td><td align="center">${method.calls ?? '–'}</td></tr>`).join('\n');
    return `<hr><table border="1" cellpadding="5"><tr><th align="center" colspan="2">Service ${escape(service.name || '(routes)')}</th></tr>\n<tr><th align="center">Method</th><th align="center">Calls</th></tr>\n${rows}\n</table>`;
  });
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>Services</title></head><body>\n${services.join('\n')}\n</body></html>\n`;
}

/**
 * Answers `GET /debug/rpc` from the server's reflection service (`isorpc.list`, run through the
 * server's middleware like any call): the page when reflection is on, 404 saying how to turn it on
 * when it is off.
 */
export function serveDebugPage(server: AcceptingServer, request: IncomingMessage, response: ServerResponse): void {
  const call: GatewayRequest = { method: `${REFLECTION_SERVICE}.list`, contentType: 'application/json', accept: 'application/json', body: new Uint8Array(0), metadata: {}, timeoutMs: 0 };
  const transport = new HttpExchangeTransport(call, response, (reply) => {
    const { status, body } = reply as GatewayReply;
    if (status === 404) {
      return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The debug page needs reflection: call enableReflection(server) (with { metrics } for call counts)\n');
    }
    if (status !== 200) return void response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`The service list could not be read (HTTP ${status})\n`);
    const { result } = JSON.parse(body as string) as { result: ReflectionList };
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : renderDebugPage(result));
  });
  server.accept(transport, httpGatewayProtocol);
}
