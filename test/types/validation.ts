// Type tests for schema-typed handlers, compiled by `npm run typecheck` against the shipped
// declarations. Lines marked @ts-expect-error must NOT compile: if one ever compiles, tsc fails.
import * as v from 'valibot';
import { z } from 'zod';
import type { Client, Server } from 'isorpc/node';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>): void => undefined;

const point = z.object({ x: z.coerce.number(), label: z.string().default('origin') });
const reply = z.object({ sum: z.number() });
const valibotPoint = v.object({ x: v.number(), tags: v.optional(v.array(v.string()), []) });

export function onServer(server: Server): void {
  // arg is the schema's output (defaults applied: label is a string, not string | undefined).
  server.handle(
    'Geo.norm',
    (arg) => {
      same<typeof arg, { x: number; label: string }>(true);
      return { sum: arg.x };
    },
    { input: point, output: reply },
  );
  // The reply must be what the output schema accepts.
  // @ts-expect-error sum must be a number
  server.handle('Geo.bad', () => ({ sum: 'one' }), { output: reply });
  // valibot infers the same way.
  server.handle(
    'Tags.count',
    (arg) => {
      same<typeof arg, { x: number; tags: string[] }>(true);
      return arg.tags.length;
    },
    { input: valibotPoint },
  );
  // With only an output schema the argument is what the handler declares.
  server.handle('Count.up', async function* (to: number) {
    yield { sum: to };
  }, { output: reply });
  // register(): each method's argument and reply are typed from its schemas; other methods are free.
  server.register(
    'Geo',
    {
      norm: (arg) => {
        same<typeof arg, { x: number; label: string }>(true);
        return { sum: arg.x };
      },
      free: (value: string) => value.length,
    },
    { schemas: { norm: { input: point, output: reply } } },
  );
  server.register(
    'Geo2',
    {
      // @ts-expect-error the reply does not match the output schema
      norm: () => ({ total: 1 }),
    },
    { schemas: { norm: { output: reply } } },
  );
}

export function onClient(client: Client): void {
  client.handle(
    'Ui.move',
    (arg) => {
      same<typeof arg, { x: number; label: string }>(true);
      return arg.label;
    },
    { input: point },
  );
}
