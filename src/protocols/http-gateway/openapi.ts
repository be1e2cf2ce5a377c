/**
 * The OpenAPI 3.1 document of the HTTP gateway: one `POST {prefix}{method}` per registered method,
 * its body described by the method's input schema, `{ result }` by its output schema, and every error
 * reply with its status, `x-rpc-error` header and code. Built from the server's methods on each
 * request, so methods registered later appear too.
 */
import { ERROR_CODES, type ErrorCode } from '../../errors.js';
import { jsonSchemaOf, type JsonSchema, type JsonSchemaConverter } from '../../calls/json-schema.js';
import type { MethodSchemas } from '../../calls/schema.js';
import { ERROR_CODE_HEADER, METADATA_HEADER_PREFIX, TIMEOUT_HEADER } from '../shared/http-headers.js';
import { STATUS_BY_CODE } from './gateway-messages.js';

/** What the document describes: a server's methods and their schemas. */
export interface DescribedMethods {
  /** The names of the registered methods. */
  methods(): string[];
  /** The schemas registered for `method`, if any. */
  schemasOf(method: string): MethodSchemas | undefined;
}

/** The `openapi` option of `createHttpGateway()`. */
export interface OpenApiOptions {
  /** The API's title (`info.title`). */
  title: string;
  /** The API's version (`info.version`), e.g. your package's version. */
  version: string;
  /** A longer description (CommonMark); the gateway's conventions are appended. */
  description?: string;
  /** Base URLs the API is reachable at, e.g. `[{ url: 'https://api.example.com' }]`. */
  servers?: ReadonlyArray<{
    /** The base URL. */
    url: string;
    /** What this server is, e.g. `'Production'`. */
    description?: string;
  }>;
  /** Converts schemas the library cannot describe by itself, e.g. valibot's `toJsonSchema`. */
  jsonSchema?: JsonSchemaConverter;
  /** Leave methods out, e.g. `(method) => !method.startsWith('isorpc.')`. Default: all. */
  include?: (method: string) => boolean;
}

const CONVENTIONS = [
  `Each method is \`POST {prefix}{Service}.{method}\` with the argument as the body (JSON, or MessagePack with \`content-type: application/msgpack\`; an empty body is no argument).`,
  'The reply is `{ "result": … }` with 200, or `{ "error": { code, message, remoteCode?, data? } }` with the status of the error code and an `x-rpc-error` header.',
  `Headers \`${METADATA_HEADER_PREFIX}{key}\` (percent-encoded values) become the handler's \`ctx.metadata[key]\`; \`${TIMEOUT_HEADER}\` is the caller's timeout in ms; \`traceparent\`/\`tracestate\` carry W3C trace context.`,
].join('\n\n');

/** The error codes answered with each status, e.g. 400 → BAD_REQUEST, PROTOCOL. */
function codesByStatus(): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) {
    const status = STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function errorResponses(): { responses: Record<string, unknown>; refs: Record<string, unknown> } {
  const responses: Record<string, unknown> = {};
  const refs: Record<string, unknown> = {};
  for (const [status, codes] of codesByStatus()) {
    responses[`Error${status}`] = {
      description: `An error with code ${codes.join(' or ')}.`,
      headers: { [ERROR_CODE_HEADER]: { description: 'The isorpc error code.', required: true, schema: { type: 'string', enum: codes } } },
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['error'],
            properties: { error: { allOf: [{ $ref: '#/components/schemas/RpcError' }, { type: 'object', properties: { code: { enum: codes } } }] } },
          },
        },
      },
    };
    refs[String(status)] = { $ref: `#/components/responses/Error${status}` };
  }
  return { responses, refs };
}

const RPC_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: [...ERROR_CODES], description: 'One of isorpc\'s closed set of error codes.' },
    message: { type: 'string', description: 'What went wrong and what to do.' },
    remoteCode: { type: ['string', 'number'], description: 'The `code` property of the error the handler threw.' },
    data: { description: 'Details: the `data` of the handler\'s error, or `{ issues: [{ message, path }] }` for an argument its schema refused.' },
  },
};

const PARAMETERS = {
  Timeout: { name: TIMEOUT_HEADER, in: 'header', required: false, description: 'The caller\'s timeout in milliseconds: the handler\'s deadline.', schema: { type: 'integer', minimum: 1 } },
  TraceParent: { name: 'traceparent', in: 'header', required: false, description: 'W3C Trace Context: the caller\'s span.', schema: { type: 'string' } },
  TraceState: { name: 'tracestate', in: 'header', required: false, description: 'W3C Trace Context: vendor state.', schema: { type: 'string' } },
};

function serviceOf(method: string): string {
  const dot = method.lastIndexOf('.');
  return method.startsWith('/') || dot <= 0 ? 'routes' : method.slice(0, dot);
}

function operation(method: string, source: DescribedMethods, options: OpenApiOptions, errorRefs: Record<string, unknown>): Record<string, unknown> {
  const schemas = source.schemasOf(method);
  const input = jsonSchemaOf(schemas?.input, 'input', options.jsonSchema);
  const output = jsonSchemaOf(schemas?.output, 'output', options.jsonSchema) ?? {};
  const body = input ?? {};
  return {
    operationId: method.replace(/^\//, ''),
    summary: `Calls ${method}`,
    tags: [serviceOf(method)],
    parameters: Object.keys(PARAMETERS).map((name) => ({ $ref: `#/components/parameters/${name}` })),
    requestBody: {
      description: schemas?.input === undefined ? 'The argument (this method has no input schema).' : 'The argument; checked by the method\'s input schema (400 BAD_REQUEST with `data.issues` when it does not match).',
      required: schemas?.input !== undefined,
      content: { 'application/json': { schema: body }, 'application/msgpack': { schema: body } },
    },
    responses: {
      '200': {
        description: 'The handler\'s reply.',
        content: {
          'application/json': { schema: { type: 'object', required: ['result'], properties: { result: output } } },
          'application/msgpack': { schema: { type: 'object', required: ['result'], properties: { result: output } } },
        },
      },
      ...errorRefs,
    },
  };
}

/** The path of `method` under `prefix` (`/api/` + `Arith.multiply`; a route `/echo` is `/api/echo`). */
function pathFor(prefix: string, method: string): string {
  return prefix + encodeURIComponent(method.replace(/^\//, '')).replace(/%2F/gi, '/');
}

/** Builds the OpenAPI 3.1 document for the methods `source` has now, served under `prefix` (ends with `/`). */
export function buildOpenApiDocument(source: DescribedMethods, prefix: string, options: OpenApiOptions): Record<string, unknown> {
  const { responses, refs } = errorResponses();
  const paths: Record<string, unknown> = {};
  for (const method of source.methods()) {
    if (options.include !== undefined && !options.include(method)) continue;
    paths[pathFor(prefix, method)] = { post: operation(method, source, options, refs) };
  }
  const description = options.description === undefined ? CONVENTIONS : `${options.description}\n\n${CONVENTIONS}`;
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description },
    ...(options.servers === undefined ? {} : { servers: options.servers.map((server) => ({ ...server })) }),
    paths,
    components: { schemas: { RpcError: RPC_ERROR_SCHEMA }, responses, parameters: PARAMETERS },
  };
}

/** Checks the `openapi` option at the call, so a mistake is not found at the first request. */
export function checkOpenApiOptions(options: unknown): OpenApiOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createHttpGateway(server, { openapi }): openapi must be an object { title, version }');
  const { title, version, jsonSchema, include } = options as Partial<Record<keyof OpenApiOptions, unknown>>;
  if (typeof title !== 'string' || title === '') throw new TypeError('createHttpGateway(server, { openapi }): openapi.title must be a non-empty string');
  if (typeof version !== 'string' || version === '') throw new TypeError('createHttpGateway(server, { openapi }): openapi.version must be a non-empty string, e.g. "1.0.0"');
  if (jsonSchema !== undefined && typeof jsonSchema !== 'function') throw new TypeError('createHttpGateway(server, { openapi }): openapi.jsonSchema must be a function (schema, side) => JSON Schema');
  if (include !== undefined && typeof include !== 'function') throw new TypeError('createHttpGateway(server, { openapi }): openapi.include must be a function (method) => boolean');
  return options as OpenApiOptions;
}
