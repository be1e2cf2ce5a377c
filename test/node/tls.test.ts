// tls:// and wss:// with certificates generated at test time, including mutual TLS.
import { beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, type Server } from '../../platforms/entries/node.js';
import { makeCertificates, type TestCertificates } from './certificates.js';
import { outcome } from './helpers.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeCertificates();
});

function echoServer(): Server {
  return createServer().handle('echo', (value) => value);
}

describe('TLS', () => {
  test('tls:// carries calls; a client that does not trust the CA is refused with UNAVAILABLE', async () => {
    const server = echoServer();
    const address = await server.listen('tls://127.0.0.1:0', { tls: { cert: certs.serverCert, key: certs.serverKey } });
    expect(address).toMatch(/^tls:\/\/127\.0\.0\.1:\d+$/);
    const client = await connect(address, { tls: { ca: certs.ca } });
    expect(Array.from(await client.call<Uint8Array>('echo', new Uint8Array([1, 2, 3])))).toEqual([1, 2, 3]);
    client.close();
    expect(await outcome(connect(address, { tls: { ca: certs.otherCa } }))).toBe('UNAVAILABLE');
    expect(await outcome(connect(address))).toBe('UNAVAILABLE'); // system CAs do not know the test CA
    await server.close();
  });

  test('mutual TLS: a client with a certificate from the CA is served, one without is refused', async () => {
    const server = echoServer();
    const address = await server.listen('tls://127.0.0.1:0', { tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true } });
    const client = await connect(address, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
    expect(await client.call('echo', 'mutual')).toBe('mutual');
    client.close();
    expect(['UNAVAILABLE', 'CLOSED']).toContain(await outcome(connect(address, { tls: { ca: certs.ca }, connectTimeout: 3000 })));
    await server.close();
  });

  test('listen("tls://…") without a certificate is a clear error', async () => {
    await expect(echoServer().listen('tls://127.0.0.1:0')).rejects.toThrow(/needs \{ tls: \{ cert, key \} \}/);
  });

  test('wss:// carries calls with the CA trusted; a localhost name verifies too', async () => {
    const server = echoServer();
    const address = await server.listen('wss://127.0.0.1:0/rpc', { tls: { cert: certs.serverCert, key: certs.serverKey } });
    const client = await connect(address, { tls: { ca: certs.ca } });
    expect(await client.call('echo', 'secure')).toBe('secure');
    client.close();
    const byName = await connect(address.replace('127.0.0.1', 'localhost'), { tls: { ca: certs.ca } });
    expect(await byName.call('echo', 'named')).toBe('named');
    byName.close();
    expect(await outcome(connect(address, { tls: { ca: certs.otherCa } }))).toBe('UNAVAILABLE');
    await server.close();
  });
});
