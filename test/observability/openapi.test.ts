// The HTTP gateway's OpenAPI 3.1 document: validated by a real OpenAPI validator, its JSON Schemas
// taken from zod and valibot, its paths callable as written, and the same schemas from reflection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validate, compileErrors } from '@readme/openapi-parser';
import * as v from 'valibot';
import { toJsonSchema, toStandardJsonSchema } from '@valibot/to-json-schema';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createHttpGateway, createServer, enableReflection, type Client, type ReflectedService, type Server } from '../../platforms/entries/node.js';

const zodPoint = z.object({ x: z.number(), y: z.number().default(0) });
const zodSum = z.object({ sum: z.number() });
const valibotTags = v.object({ tags: v.array(v.string()) });

let server: Server;
let web: http.Server;
let base: string;
let client: Client;

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, { post: Record<string, unknown> & { requestBody: { required: boolean; content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> } }>;
  components: { responses: Record<string, { headers: Record<string, { schema: { enum: string[] } }> }>; schemas: Record<string, unknown> };
};

beforeAll(async () => {
  server = createServer()
    .handle('Geo.norm', (point) => ({ sum: point.x + point.y }), { input: zodPoint, output: zodSum })
    .handle('Tags.count', (arg) => arg.tags.length, { input: toStandardJsonSchema(valibotTags) })
    // Plain valibot (no Standard JSON Schema): described through the converter option.
    .handle('Tags.first', (arg) => arg.tags[0] ?? null, { input: valibotTags })
    .handle('/echo', (arg: unknown) => arg);
  enableReflection(server, { jsonSchema: (schema) => toJsonSchema(schema as never) as Record<string, unknown> });
  const gateway = createHttpGateway(server, {
    prefix: '/api',
    openapi: { title: 'Geo API', version: '1.2.3', jsonSchema: (schema) => toJsonSchema(schema as never) as Record<string, unknown>, include: (method) => !method.startsWith('isorpc.') },
  });
  web = http.createServer(gateway);
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  client = await connect(await server.listen('tcp://127.0.0.1:0'));
});

afterAll(async () => {
  client.close();
  await server.close();
  await new Promise((resolve) => {
    web.close(resolve);
    web.closeAllConnections();
  });
});

async function document(): Promise<Doc> {
  const response = await fetch(`${base}/api/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return (await response.json()) as Doc;
}

describe('the OpenAPI document', () => {
  test('passes a real OpenAPI 3.1 validator', async () => {
    const doc = await document();
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.specification).toBe('OpenAPI');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Geo API', version: '1.2.3' });
  });

  test('describes every method as POST {prefix}{method}; include() leaves reflection out', async () => {
    const doc = await document();
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/Geo.norm', '/api/Tags.count', '/api/Tags.first', '/api/echo']);
  });

  test('bodies and replies carry the JSON Schema of zod and valibot schemas; no schema is an open one', async () => {
    const doc = await document();
    const norm = doc.paths['/api/Geo.norm']!.post;
    const { $schema: _zodDialect, ...zodInput } = z.toJSONSchema(zodPoint, { io: 'input' });
    expect(norm.requestBody.required).toBe(true);
    expect(norm.requestBody.content['application/json']!.schema).toEqual(zodInput);
    expect(norm.responses['200']).toMatchObject({ content: { 'application/json': { schema: { required: ['result'], properties: { result: { properties: { sum: { type: 'number' } } } } } } } });
    const tags = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } }, required: ['tags'] };
    expect(doc.paths['/api/Tags.count']!.post.requestBody.content['application/json']!.schema).toEqual(tags);
    expect(doc.paths['/api/Tags.first']!.post.requestBody.content['application/json']!.schema).toEqual(tags);
    const echo = doc.paths['/api/echo']!.post;
    expect(echo.requestBody).toMatchObject({ required: false, content: { 'application/json': { schema: {} } } });
  });

  test('every error status, its x-rpc-error header and codes, and the call headers', async () => {
    const doc = await document();
    const responses = doc.paths['/api/Geo.norm']!.post.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '413', '429', '499', '500', '503', '504']);
    expect(doc.components.responses.Error400!.headers['x-rpc-error']!.schema.enum).toEqual(['BAD_REQUEST', 'PROTOCOL']);
    expect(doc.components.responses.Error500!.headers['x-rpc-error']!.schema.enum).toEqual(['INTERNAL', 'REMOTE']);
    expect(doc.paths['/api/Geo.norm']!.post.parameters).toEqual([
      { $ref: '#/components/parameters/Timeout' },
      { $ref: '#/components/parameters/TraceParent' },
      { $ref: '#/components/parameters/TraceState' },
    ]);
  });

  test('its paths are the gateway\'s: posting to one calls the method; statuses are the documented ones', async () => {
    const doc = await document();
    const post = (path: string, body: unknown): Promise<Response> => fetch(base + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const ok = await post(Object.keys(doc.paths).find((path) => path.endsWith('Geo.norm'))!, { x: 2 });
    expect(await ok.json()).toEqual({ result: { sum: 2 } });
    const bad = await post('/api/Geo.norm', { x: 'two' });
    expect(Object.keys(doc.paths['/api/Geo.norm']!.post.responses)).toContain(String(bad.status));
    expect(bad.headers.get('x-rpc-error')).toBe('BAD_REQUEST');
  });

  test('methods registered after the gateway was created appear', async () => {
    server.handle('Late.added', (n: number) => n, { input: z.number() });
    const doc = await document();
    expect(doc.paths['/api/Late.added']!.post.requestBody.content['application/json']!.schema).toEqual({ type: 'number' });
  });
});

test('reflection returns the same JSON Schemas as the document', async () => {
  const doc = await document();
  const geo = await client.call<ReflectedService>('isorpc.describe', 'Geo');
  expect(geo.methods[0]).toEqual({
    name: 'Geo.norm',
    input: doc.paths['/api/Geo.norm']!.post.requestBody.content['application/json']!.schema,
    output: (doc.paths['/api/Geo.norm']!.post.responses['200'] as { content: { 'application/json': { schema: { properties: { result: unknown } } } } }).content['application/json'].schema.properties.result,
  });
  const tags = await client.call<ReflectedService>('isorpc.describe', 'Tags');
  expect(tags.methods.map((method) => method.input)).toEqual([
    doc.paths['/api/Tags.count']!.post.requestBody.content['application/json']!.schema,
    doc.paths['/api/Tags.first']!.post.requestBody.content['application/json']!.schema,
  ]);
});

test('a wrong openapi option or a server that cannot describe itself fails at the call', () => {
  expect(() => createHttpGateway(server, { openapi: { title: '', version: '1' } })).toThrow(/openapi.title must be a non-empty string/);
  expect(() => createHttpGateway(server, { openapi: { title: 'x' } as never })).toThrow(/openapi.version/);
  expect(() => createHttpGateway({ accept: () => undefined }, { openapi: { title: 'x', version: '1' } })).toThrow(/must be an isorpc server/);
});
