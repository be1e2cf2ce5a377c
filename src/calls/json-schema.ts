/**
 * JSON Schema for a method's schemas, for reflection and the OpenAPI document: from the library
 * itself where it can describe its schemas (Standard JSON Schema: zod 4, valibot through
 * `toStandardJsonSchema`; arktype's `toJsonSchema()`), or from a converter the application passes.
 */
import type { StandardSchema } from './schema.js';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

/**
 * Turns a schema into JSON Schema when the library cannot do it by itself, e.g. valibot's
 * `(schema) => toJsonSchema(schema)`; return `undefined` to leave the method's schema open.
 */
export type JsonSchemaConverter = (schema: StandardSchema, side: 'input' | 'output') => JsonSchema | undefined;

function plainObject(value: unknown): JsonSchema | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // `$schema` names the dialect of a standalone document; embedded in OpenAPI 3.1 it is implied.
  const { $schema: _dialect, ...schema } = value as JsonSchema;
  return schema;
}

/**
 * The JSON Schema of `schema`'s `side`, or `undefined` when neither the converter nor the library can
 * produce one (a library that throws on a construct it cannot express, such as a transform, counts as
 * unable: the method then gets an open schema rather than failing the whole document).
 */
export function jsonSchemaOf(schema: StandardSchema | undefined, side: 'input' | 'output', converter?: JsonSchemaConverter): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  const attempts: Array<() => unknown> = [
    () => converter?.(schema, side),
    () => schema['~standard'].jsonSchema?.[side]({ target: 'draft-2020-12' }),
    () => (schema as { toJsonSchema?: () => unknown }).toJsonSchema?.(),
  ];
  for (const attempt of attempts) {
    try {
      const found = plainObject(attempt());
      if (found !== undefined) return found;
    } catch {
      // This way cannot describe the schema; try the next.
    }
  }
  return undefined;
}
