/**
 * Runs a method's schemas around its handler: the argument is checked (and parsed) before the handler
 * runs, the reply (or each streamed item) after. A bad argument is the caller's mistake (`BAD_REQUEST`
 * with the issues); a bad reply is the server's (`INTERNAL`, details to the plugins, not the caller).
 */
import { RpcError } from '../errors.js';
import type { Peer } from '../core/peer-types.js';
import type { Plugin } from '../core/plugin.js';
import type { MethodSchemas, StandardIssue, StandardSchema } from './schema.js';
import type { ServerCallContext } from './call-context.js';
import { isAsyncIterable } from './streams/stream-receiver.js';

/** One problem with a value, as callers receive it in `error.data.issues`. */
export interface ValidationIssue {
  /** What is wrong, in the validator's words. */
  readonly message: string;
  /** Keys and indexes from the root of the value to the problem; empty for the value itself. */
  readonly path: ReadonlyArray<string | number>;
}

function pathOf(issue: StandardIssue): Array<string | number> {
  return (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });
}

/** The issues as plain, serialisable `{ message, path }` objects. */
export function toValidationIssues(issues: ReadonlyArray<StandardIssue>): ValidationIssue[] {
  return issues.map((issue) => ({ message: String(issue.message), path: pathOf(issue) }));
}

/** `"at b.0: Expected number (and 2 more issues)"`: names the first problem. */
function describeIssues(issues: readonly ValidationIssue[]): string {
  const first = issues[0];
  if (first === undefined) return 'it was refused';
  const where = first.path.length === 0 ? '' : `at ${first.path.join('.')}: `;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}`;
}

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: ValidationIssue[] };

/** Validates `value` with `schema` (sync or async). A validator that throws is a server fault: `INTERNAL`. */
export async function parseWithSchema(schema: StandardSchema, value: unknown, method: string): Promise<Parsed> {
  let result;
  try {
    result = await schema['~standard'].validate(value);
  } catch (error) {
    throw new RpcError('INTERNAL', `The schema of ${method} threw while validating; see the server's logs`, { cause: error });
  }
  if (result.issues !== undefined) return { ok: false, issues: toValidationIssues(result.issues) };
  return { ok: true, value: result.value };
}

/** The error a caller gets for an argument its schema refused. */
export function invalidArgumentError(method: string, issues: ValidationIssue[]): RpcError {
  return new RpcError('BAD_REQUEST', `Invalid argument for ${method}: ${describeIssues(issues)}; fix the argument to match the method's input schema`, { data: { issues } });
}

/** Tells the plugins why a reply was refused; the caller only learns that it was. */
function invalidReply(method: string, issues: ValidationIssue[], peer: Peer, plugins: readonly Plugin[]): RpcError {
  const detail = new RpcError('INTERNAL', `The reply of ${method} does not match its output schema: ${describeIssues(issues)}`, { data: { issues } });
  for (const plugin of plugins) plugin.onInvalidOutput?.(peer, method, detail);
  return new RpcError('INTERNAL', `The server's reply to ${method} did not match its output schema; the server's logs have the details`, { cause: detail });
}

async function* checkItems(source: AsyncIterable<unknown>, schema: StandardSchema, ctx: ServerCallContext, plugins: readonly Plugin[]): AsyncGenerator<unknown> {
  for await (const item of source) {
    const parsed = await parseWithSchema(schema, item, ctx.method);
    if (!parsed.ok) throw invalidReply(ctx.method, parsed.issues, ctx.peer, plugins);
    yield parsed.value;
  }
}

/**
 * Runs `call` (the handler, its errors already turned into `REMOTE`) between the schemas: `ctx.arg`
 * becomes the input schema's parsed value before `call` runs; the reply is the output schema's parsed
 * value. A streamed argument is passed through unchecked (the schema describes values, not streams).
 */
export async function runValidated(schemas: MethodSchemas, ctx: ServerCallContext, call: () => unknown, plugins: readonly Plugin[]): Promise<unknown> {
  if (schemas.input !== undefined && !isAsyncIterable(ctx.arg)) {
    const parsed = await parseWithSchema(schemas.input, ctx.arg, ctx.method);
    if (!parsed.ok) throw invalidArgumentError(ctx.method, parsed.issues);
    ctx.arg = parsed.value;
  }
  const result = await call();
  if (schemas.output === undefined) return result;
  if (isAsyncIterable(result)) return checkItems(result, schemas.output, ctx, plugins);
  const parsed = await parseWithSchema(schemas.output, result, ctx.method);
  if (!parsed.ok) throw invalidReply(ctx.method, parsed.issues, ctx.peer, plugins);
  return parsed.value;
}
