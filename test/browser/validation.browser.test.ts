// Inside Chromium: the page calls a method whose argument a zod schema checks on the Node server,
// over the browser's WebSocket and over fetch to the HTTP gateway, and gets the parsed result or
// BAD_REQUEST with the issues.
import { expect, inject, test } from 'vitest';
import { connect, isRpcError, type RpcError } from '../../platforms/entries/index.js';

interface Issue {
  message: string;
  path: Array<string | number>;
}

test('over WebSocket: the parsed result, or BAD_REQUEST with data.issues', async () => {
  const client = await connect(inject('validationWsAddress'));
  expect(await client.call('Geo.norm', { x: '2', y: 3 })).toEqual({ sum: 5, label: 'origin' });
  const error = await client.call('Geo.norm', { x: 'two', label: 7 }).then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  expect((error as RpcError).code).toBe('BAD_REQUEST');
  const issues = ((error as RpcError).data as { issues: Issue[] }).issues;
  expect(issues.map((issue) => issue.path).sort()).toEqual([['label'], ['x'], ['y']]);
  expect((error as RpcError).message).toContain('Invalid argument for Geo.norm: at ');
  client.close();
});

test('over fetch to the HTTP gateway (cross-origin): 400 with the x-rpc-error header and the issues', async () => {
  const response = await fetch(`${inject('validationGatewayUrl')}/Geo.norm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ y: 1 }) });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: string; data: { issues: Issue[] } } };
  expect(body.error.code).toBe('BAD_REQUEST');
  expect(body.error.data.issues.map((issue) => issue.path)).toEqual([['x']]);
});
