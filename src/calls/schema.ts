/**
 * Schemas for a method's argument and reply, in the Standard Schema v1 shape that zod, valibot and
 * arktype implement. The interface is declared here structurally (it is a handful of fields), so no
 * validator, and not even `@standard-schema/spec`, is a dependency of isorpc or of its types.
 */
import type { CallContext } from './call-context.js';

/** One problem a schema found in a value. */
export interface StandardIssue {
  /** What is wrong, in the validator's words. */
  readonly message: string;
  /** Where in the value: keys and indexes, as plain values or `{ key }` segments. */
  readonly path?:
    | ReadonlyArray<
        | PropertyKey
        | {
            /** The key or index of this path segment. */
            readonly key: PropertyKey;
          }
      >
    | undefined;
}

/** What a schema's `validate` returns: the parsed value, or the issues. */
export type StandardResult<Output> =
  | {
      /** The parsed value (defaults and coercions applied). */
      readonly value: Output;
      /** Absent on success. */
      readonly issues?: undefined;
    }
  | {
      /** The problems found; the value was refused. */
      readonly issues: ReadonlyArray<StandardIssue>;
    };

/** Converts a schema to JSON Schema (Standard JSON Schema v1: zod 4, valibot's `toStandardJsonSchema`). */
export interface StandardJsonSchemaConverter {
  /** The JSON Schema of what the schema accepts, for the given `target` draft. */
  readonly input: (options: { readonly target: string }) => Record<string, unknown>;
  /** The JSON Schema of what the schema produces after parsing, for the given `target` draft. */
  readonly output: (options: { readonly target: string }) => Record<string, unknown>;
}

/** A Standard Schema v1: any zod, valibot or arktype schema is one. */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': {
    /** The Standard Schema version: 1. */
    readonly version: 1;
    /** The library that made the schema, e.g. `"zod"`. */
    readonly vendor: string;
    /** Checks and parses a value, synchronously or not. */
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    /** Carries the types only; never read at run time. */
    readonly types?:
      | {
          /** The type the schema accepts. */
          readonly input: Input;
          /** The type the schema produces after parsing. */
          readonly output: Output;
        }
      | undefined;
    /** Present when the library can describe the schema as JSON Schema. */
    readonly jsonSchema?: StandardJsonSchemaConverter | undefined;
  };
}

/** The schemas of one method; either may be left out. */
export interface MethodSchemas<In extends StandardSchema | undefined = StandardSchema | undefined, Out extends StandardSchema | undefined = StandardSchema | undefined> {
  /** Checks (and parses) the argument before the handler runs; a failure answers `BAD_REQUEST`. */
  readonly input?: In;
  /** Checks (and parses) the handler's reply, or each item of a stream; a failure answers `INTERNAL`. */
  readonly output?: Out;
}

/** What a schema accepts: `unknown` when there is no schema. */
export type SchemaInput<S> = [NonNullable<S>] extends [never] ? unknown : NonNullable<S> extends StandardSchema<infer I, unknown> ? I : unknown;

/** What a schema produces after parsing (defaults and coercions applied): `unknown` when there is no schema. */
export type SchemaOutput<S> = [NonNullable<S>] extends [never] ? unknown : NonNullable<S> extends StandardSchema<unknown, infer O> ? O : unknown;

/** A handler typed by its schemas: it gets the input schema's output, and returns what the output schema accepts. */
export type SchemaHandler<In, Out, Arg = unknown, Result = unknown> = (
  arg: [NonNullable<In>] extends [never] ? Arg : SchemaOutput<In>,
  ctx: CallContext,
) => ([NonNullable<Out>] extends [never] ? Result : SchemaInput<Out>) | Promise<[NonNullable<Out>] extends [never] ? Result : SchemaInput<Out>> | AsyncIterable<[NonNullable<Out>] extends [never] ? Result : SchemaInput<Out>>;

/** Per-method schemas of a service, keyed by method name (without the service prefix). */
export type ServiceSchemas = { readonly [method: string]: MethodSchemas };

/** The methods a service with schemas `S` must have, typed from them; other methods are allowed too. */
export type SchemaService<S extends ServiceSchemas> = { [K in keyof S]: SchemaHandler<S[K]['input'], S[K]['output']> };

/** Options of `register()`. */
export interface RegisterOptions<S extends ServiceSchemas = ServiceSchemas> {
  /** Schemas per method: `{ add: { input, output } }`. Each key must name a method of the service. */
  readonly schemas?: S;
}

/** A handler of any argument type, as implementations of `handle()` accept it. */
export type AnyHandler = (arg: never, ctx: CallContext) => unknown;

/**
 * `handle()` and `register()`, as servers and clients (which can serve too) offer them. With schemas,
 * the handler's argument and reply types are inferred from them.
 */
export interface ServesMethods {
  /** Exposes the methods of `impl` as `name.method`, each checked by its schemas in `options.schemas`. */
  register<S extends ServiceSchemas, Impl extends object>(name: string, impl: Impl & SchemaService<S>, options: RegisterOptions<S>): this;
  /** Exposes the methods of `impl` (an object or class instance) as `name.method`, like Go's `rpc.RegisterName`. */
  register(name: string, impl: object): this;
  /** Adds one route whose argument and reply are checked by `schemas` (`{ input, output }`). */
  handle<In extends StandardSchema | undefined = undefined, Out extends StandardSchema | undefined = undefined, Arg = unknown, Result = unknown>(
    method: string,
    handler: SchemaHandler<In, Out, Arg, Result>,
    schemas: MethodSchemas<In, Out>,
  ): this;
  /** Adds a single route, e.g. `'/echo'` or `'Chat.Send'`. */
  handle<Arg = unknown, Result = unknown>(method: string, handler: (arg: Arg, ctx: CallContext) => Result | Promise<Result>): this;
}

/** True for a value with a Standard Schema `validate` function. */
export function isStandardSchema(value: unknown): value is StandardSchema {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: unknown })['~standard'];
  return typeof props === 'object' && props !== null && typeof (props as { validate?: unknown }).validate === 'function';
}

/** Checks `schemas` at registration, so a wrong argument fails at the call instead of at the first request. */
export function checkMethodSchemas(method: string, schemas: unknown): MethodSchemas | undefined {
  if (schemas === undefined) return undefined;
  if (typeof schemas !== 'object' || schemas === null) throw new TypeError(`handle("${method}", fn, schemas): schemas must be an object { input?, output? }`);
  const { input, output } = schemas as { input?: unknown; output?: unknown };
  for (const [side, schema] of [['input', input], ['output', output]] as const) {
    if (schema !== undefined && !isStandardSchema(schema)) {
      throw new TypeError(`"${method}": schemas.${side} is not a Standard Schema (zod, valibot, arktype…: an object with "~standard".validate)`);
    }
  }
  return input === undefined && output === undefined ? undefined : { input: input as StandardSchema | undefined, output: output as StandardSchema | undefined };
}
