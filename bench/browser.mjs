// `npm run bench:browser` (and the last section of `npm run bench`): a Chromium page calling a Node
// WebSocket server, isorpc beside a raw WebSocket echo, small calls and 64 KiB. The servers run in
// worker threads of this process, the page in Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { RAW_MESSAGE_BYTES } from './payload.mjs';
import { startWorker } from './targets.mjs';

const FILES = {
  '/isorpc.browser.mjs': new URL('../dist/isorpc.browser.mjs', import.meta.url),
  '/bench.js': new URL('./browser-page.mjs', import.meta.url),
};
const PAGE = '<!doctype html><meta charset="utf-8"><title>isorpc browser bench</title><script type="module" src="/bench.js"></script>';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function serveFiles() {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') return void response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    const file = FILES[path];
    if (file === undefined) return void response.writeHead(404).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Returns [{ mode, isorpc, raw }] in calls/s, measured in Chromium. */
export async function runBrowserBench({ seconds }) {
  const isorpcServer = await startWorker('isorpc', 'ws');
  const rawServer = await startWorker('raw', 'ws');
  const files = await serveFiles();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ARGS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('browser bench page:', error.message));
    await page.goto(`http://127.0.0.1:${files.address().port}/`);
    await page.waitForFunction('window.benchReady === true');
    return await page.evaluate((options) => window.runBench(options), {
      isorpcAddress: isorpcServer.address,
      rawAddress: rawServer.address,
      rawMessageBytes: RAW_MESSAGE_BYTES,
      seconds,
    });
  } finally {
    await browser.close();
    files.close();
    await isorpcServer.stop();
    await rawServer.stop();
  }
}

export function formatBrowserBench(results) {
  const int = (n) => Math.round(n).toLocaleString('en-US');
  const lines = [
    'Chromium page → Node WebSocket server (isorpc vs. a raw WebSocket echo, one message per call):',
    'mode      | isorpc calls/s | raw calls/s | ratio | isorpc MB/s',
    '----------+----------------+-------------+-------+------------',
  ];
  for (const r of results) {
    const mbs = r.mode === 'par-64k' ? ((r.isorpc * 65536) / 2 ** 20).toFixed(0) : '–';
    lines.push(`${r.mode.padEnd(9)} | ${int(r.isorpc).padStart(14)} | ${int(r.raw).padStart(11)} | ${(r.isorpc / r.raw).toFixed(2).padStart(5)} | ${mbs.padStart(10)}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 2);
  console.log(formatBrowserBench(await runBrowserBench({ seconds })));
}
