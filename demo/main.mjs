// isorpc demo: one server on TCP and WebSocket, a browser page, and a Node client making calls.
//   node demo/main.mjs           run the Node client's calls, print them, exit
//   node demo/main.mjs --serve   same, then keep serving so the page can be opened in a browser
import { connect, createServer, isRpcError } from '../dist/node.mjs';
import { startHttp } from './http.mjs';
import { registerServices } from './services.mjs';

const HOST = '127.0.0.1';
const serve = process.argv.includes('--serve');
// With --serve, fixed ports keep the page's URL the same between runs; otherwise any free port.
const PORTS = serve ? { tcp: 8972, ws: 8973, http: 8974 } : { tcp: 0, ws: 0, http: 0 };

let failures = 0;

// ── printing ────────────────────────────────────────────────────────────────────────────────

const say = (line = '') => console.log(line);
const serverSays = (line) => say(`     [server] ${line}`);
const step = (title) => say(`\n${title}`);
const code = (text) => say(`   > ${text}`);

/** Prints an outcome with ✓ when it is what the demo expects, ✗ (and a failing exit code) when not. */
function result(text, ok) {
  if (!ok) failures++;
  say(`   ${ok ? '✓' : '✗'} ${text}`);
}

function describe(error) {
  if (!isRpcError(error)) return `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
  const remote = error.remoteCode === undefined ? '' : `, remoteCode ${JSON.stringify(error.remoteCode)}`;
  return `RpcError ${error.code}${remote}: ${error.message}`;
}

/** Runs a call that should fail and reports the RpcError it failed with. */
async function expectError(promise, expectedCode, check = () => true) {
  try {
    result(`resolved with ${JSON.stringify(await promise)}, but an error was expected`, false);
  } catch (error) {
    result(describe(error), isRpcError(error) && error.code === expectedCode && check(error));
  }
}

// ── setup ───────────────────────────────────────────────────────────────────────────────────

/** Starts something on `port`, or on any free port if that one is taken. */
async function onPort(port, start) {
  try {
    return await start(port);
  } catch (error) {
    const inUse = error?.code === 'EADDRINUSE' || error?.cause?.code === 'EADDRINUSE';
    if (!inUse || port === 0) throw error;
    return start(0);
  }
}

const server = registerServices(createServer(), serverSays);
const tcpAddress = await onPort(PORTS.tcp, (port) => server.listen(`tcp://${HOST}:${port}`));
const wsAddress = await onPort(PORTS.ws, (port) => server.listen(`ws://${HOST}:${port}/rpc`));
const web = await onPort(PORTS.http, (port) => startHttp({ host: HOST, port, wsUrl: wsAddress }));

say('isorpc demo');
say(`   TCP server        ${tcpAddress}`);
say(`   WebSocket server  ${wsAddress}`);
say(`   Browser page      ${web.url}  (loads the UMD bundle, calls over WebSocket)`);
say(`   Methods           ${server.methods().join(', ')}`);

// ── the Node client, over TCP ───────────────────────────────────────────────────────────────

const client = await connect(tcpAddress);
say(`\nNode client connected to ${tcpAddress}`);

step('1. A synchronous call: await the reply');
code(`await client.call('Arith.multiply', { a: 7, b: 8 })`);
const product = await client.call('Arith.multiply', { a: 7, b: 8 });
result(`${product}`, product === 56);

step('2. Asynchronous calls with go(): it returns a handle at once, handle.done resolves when settled');
code(`const sum = client.go('Arith.add', { a: 2, b: 3 })`);
code(`const bad = client.go('Arith.divide', { a: 1, b: 0 })`);
const sum = client.go('Arith.add', { a: 2, b: 3 });
const bad = client.go('Arith.divide', { a: 1, b: 0 });
say(`     both sent; client.pendingCalls = ${client.pendingCalls}, sum.reply = ${sum.reply}`);
code('await Promise.all([sum.done, bad.done])   // done never rejects: it resolves with the handle');
const [sumDone, badDone] = await Promise.all([sum.done, bad.done]);
result(`sum.reply = ${sumDone.reply}, sum.error = ${sumDone.error}`, sumDone === sum && sum.reply === 5 && sum.error === undefined);
result(`bad.reply = ${badDone.reply}, bad.error = ${describe(bad.error)}`, bad.reply === undefined && bad.error?.code === 'REMOTE');

step('3. A notification: one-way, no reply; the handler logs it and counts it');
code(`client.notify('Events.record', { type: 'login', user: 'ada' })`);
code(`client.notify('Events.record', { type: 'logout', user: 'ada' })`);
client.notify('Events.record', { type: 'login', user: 'ada' });
client.notify('Events.record', { type: 'logout', user: 'ada' });
code(`await client.call('Events.count')   // frames are handled in order, so both have arrived`);
const count = await client.call('Events.count');
result(`${count} notifications received`, count === 2);

step('4. Errors: every failure is an RpcError with a stable code');
code(`await client.call('Arith.divide', { a: 1, b: 0 })   // the handler throws, with code DIVIDE_BY_ZERO`);
await expectError(client.call('Arith.divide', { a: 1, b: 0 }), 'REMOTE', (e) => e.remoteCode === 'DIVIDE_BY_ZERO');
code(`await client.call('Arith.power', { a: 2, b: 10 })   // no such method`);
await expectError(client.call('Arith.power', { a: 2, b: 10 }), 'NOT_FOUND');

step('5. A timeout: the caller stops waiting, and the handler is told to stop too');
code(`await client.call('Slow.sleep', { ms: 5000 }, { timeout: 200 })`);
const started = Date.now();
await expectError(client.call('Slow.sleep', { ms: 5000 }, { timeout: 200 }), 'TIMEOUT');
const waited = Date.now() - started;
result(`gave up after ${waited} ms instead of waiting 5000 ms`, waited >= 200 && waited < 1000);
// A ping is a round trip on the same connection: once it is back, the server has handled the
// cancel the client sent on timeout, so its log line prints here rather than in a later step.
await client.ping();

step('6. A stream: the handler is an async generator, the caller iterates with for await');
code(`for await (const tick of client.stream('Prices.ticker', { symbol: 'ISO', count: 5 }))`);
const ticks = [];
for await (const tick of client.stream('Prices.ticker', { symbol: 'ISO', count: 5 })) ticks.push(tick.price);
result(`${ticks.length} prices: ${ticks.join(', ')}`, ticks.length === 5);

step('7. Push and broadcast: the server calls every connected client on its own connection');
code(`client.handle('Chat.message', (msg) => ...)          // a client serves methods too`);
code(`await client.call('Chat.post', { from: 'ada', text: 'hello everyone' })   // server.broadcast inside`);
const listener = await connect(wsAddress);
const inbox = { tcp: [], ws: [] };
client.handle('Chat.message', (message) => inbox.tcp.push(message.text));
listener.handle('Chat.message', (message) => inbox.ws.push(message.text));
const reached = await client.call('Chat.post', { from: 'ada', text: 'hello everyone' });
// Each ping is a round trip on the same connection as the push, so the push has arrived once it is back.
await Promise.all([client.ping(), listener.ping()]);
result(`reached ${reached} peers; TCP client got ${JSON.stringify(inbox.tcp)}, WebSocket client got ${JSON.stringify(inbox.ws)}`, inbox.tcp.length === 1 && inbox.ws.length === 1);
listener.close();

client.close();
say('\nNode client closed');

// ── the same call over WebSocket ────────────────────────────────────────────────────────────

step(`8. The same call over WebSocket: only the address changes`);
code(`const wsClient = await connect('${wsAddress}')`);
code(`await wsClient.call('Arith.multiply', { a: 7, b: 8 })`);
const wsClient = await connect(wsAddress);
const wsProduct = await wsClient.call('Arith.multiply', { a: 7, b: 8 });
result(`${wsProduct}`, wsProduct === 56);
wsClient.close();

// ── the browser page ────────────────────────────────────────────────────────────────────────

step('9. The browser page and the UMD bundle it loads with a <script> tag');
for (const path of ['', 'isorpc.umd.min.js']) {
  const response = await fetch(new URL(path, web.url));
  const size = (await response.arrayBuffer()).byteLength;
  result(`GET /${path} → ${response.status} ${response.headers.get('content-type')}, ${(size / 1024).toFixed(1)} KB`, response.ok);
}

say(`\n${failures === 0 ? 'All steps behaved as expected.' : `${failures} step(s) did not behave as expected.`}`);
if (failures > 0) process.exitCode = 1;

async function shutdown() {
  await Promise.all([server.close(), web.close()]);
}

if (serve) {
  say(`\nServing. Open ${web.url} in a browser; its calls go to ${wsAddress}.`);
  say('The [server] lines below come from the page\'s calls. Press Ctrl+C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      say('\nStopping the servers');
      void shutdown();
    });
  }
} else {
  await shutdown();
  say('Servers closed; exiting.');
}
