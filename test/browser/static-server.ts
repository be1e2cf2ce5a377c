// A static file server for the plain-Playwright tests: test/browser/fixtures/ at `/`, the build at `/dist/`.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  close(): Promise<void>;
}

/** Maps a URL path to a file under FIXTURES or DIST, or undefined when it points elsewhere. */
function fileFor(pathname: string): string | undefined {
  const [root, rest] = pathname.startsWith('/dist/') ? [DIST, pathname.slice('/dist/'.length)] : [FIXTURES, pathname.slice(1)];
  const file = resolve(root, decodeURIComponent(rest));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

export async function startStaticServer(): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (file === undefined) return void response.writeHead(403).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(`not found: ${request.url}; did you run npx rollup -c?`),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((closed) => server.close(() => closed()));
    },
  };
}
