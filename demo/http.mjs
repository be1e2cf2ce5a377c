// A tiny node:http server for the browser page: the page itself and the UMD bundle, nothing else.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

const page = new URL('./page.html', import.meta.url);
const bundle = new URL('../dist/isorpc.umd.min.js', import.meta.url);
const bundleMap = new URL('../dist/isorpc.umd.min.js.map', import.meta.url);

/** Serves the page on host:port (0 = any free port) and resolves with { url, close }. */
export async function startHttp({ host, port, wsUrl }) {
  // The page learns the WebSocket address from the placeholder it carries.
  const html = (await readFile(page, 'utf8')).replaceAll('{{WS_URL}}', wsUrl);
  const routes = {
    '/': () => ['text/html; charset=utf-8', html],
    '/isorpc.umd.min.js': () => readFile(bundle).then((body) => ['text/javascript; charset=utf-8', body]),
    '/isorpc.umd.min.js.map': () => readFile(bundleMap).then((body) => ['application/json', body]),
  };

  const server = http.createServer(async (request, response) => {
    const route = routes[new URL(request.url, 'http://x').pathname];
    try {
      if (route === undefined) return response.writeHead(404).end('Not found');
      const [type, body] = await route();
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a browser's keep-alive socket must not hold the process open
      }),
  };
}
