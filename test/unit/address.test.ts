import { describe, expect, test } from 'vitest';
import { formatAddress, parseAddress, transportScheme } from '../../src/internal.js';

describe('addresses', () => {
  test.each([
    ['tcp://127.0.0.1:8972', { scheme: 'tcp', host: '127.0.0.1', port: 8972, path: '', style: 'url' }],
    ['tcp@127.0.0.1:8972', { scheme: 'tcp', host: '127.0.0.1', port: 8972, path: '', style: 'at' }],
    ['ws://localhost:0/rpc?x=1', { scheme: 'ws', host: 'localhost', port: 0, path: '/rpc?x=1', style: 'url' }],
    ['wss://example.test', { scheme: 'wss', host: 'example.test', port: 443, path: '/', style: 'url' }],
    ['tcp://[::1]:80', { scheme: 'tcp', host: '::1', port: 80, path: '', style: 'url' }],
    ['tcp@[::1]:80', { scheme: 'tcp', host: '::1', port: 80, path: '', style: 'at' }],
    ['jsonrpc+tcp://127.0.0.1:4000', { scheme: 'jsonrpc+tcp', host: '127.0.0.1', port: 4000, path: '', style: 'url' }],
    ['gorpc+tcp@127.0.0.1:4000', { scheme: 'gorpc+tcp', host: '127.0.0.1', port: 4000, path: '', style: 'at' }],
    ['jsonrpc+ws://h:1/rpc?x=1', { scheme: 'jsonrpc+ws', host: 'h', port: 1, path: '/rpc?x=1', style: 'url' }],
    ['jsonrpc+https://example.test/rpc', { scheme: 'jsonrpc+https', host: 'example.test', port: 443, path: '/rpc', style: 'url' }],
    ['http://127.0.0.1:8080', { scheme: 'http', host: '127.0.0.1', port: 8080, path: '/', style: 'url' }],
  ])('parses %s', (input, expected) => {
    expect(parseAddress(input)).toEqual(expected);
  });

  test('formats in the style given, with the bound port', () => {
    expect(formatAddress(parseAddress('tcp@127.0.0.1:0'), 4000)).toBe('tcp@127.0.0.1:4000');
    expect(formatAddress(parseAddress('ws://127.0.0.1:0/rpc'), 4000)).toBe('ws://127.0.0.1:4000/rpc');
    expect(formatAddress(parseAddress('tcp://[::1]:0'), 5)).toBe('tcp://[::1]:5');
  });

  test('the transport under a protocol scheme', () => {
    expect(['jsonrpc+ws', 'gorpc+tcp', 'tcp', 'a+b+https'].map(transportScheme)).toEqual(['ws', 'tcp', 'tcp', 'https']);
  });

  test.each(['nonsense', 'tcp://127.0.0.1', 'tcp@:80', 'tcp://h:70000', 'gorpc+tcp://h', 'constructor://h'])('refuses %s with the accepted forms', (input) => {
    expect(() => parseAddress(input)).toThrow(/tcp:\/\/host:port, tcp@host:port or ws:\/\/host:port\/path/);
  });

  test.each(['tcp://h:70000', 'ws://127.0.0.1:99999/rpc', 'tcp@h:70000'])('says which port is out of range in %s', (input) => {
    expect(() => parseAddress(input)).toThrow(/port "(70000|99999)" is not 0–65535/);
  });
});

test('schemes named like Object.prototype members are unknown, not crashes', async () => {
  const { connect, createServer } = await import('../../platforms/entries/node.js');
  await expect(connect('constructor://127.0.0.1:1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  await expect(createServer().listen('toString://127.0.0.1:0')).rejects.toThrow(/no "tostring" listener/);
});
