// The same contracts written with zod 4 and with valibot, so no test leans on one library. Each pair:
// `point` coerces strings to numbers and defaults `label`; `strict` refuses ids that are not taken
// (an async check); `reply` is an output schema the handler can break.
import * as v from 'valibot';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { z } from 'zod';

const takenIds = new Set(['taken']);
const isFree = async (id: string): Promise<boolean> => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return !takenIds.has(id);
};

export const zodSchemas = {
  name: 'zod',
  point: z.object({ x: z.coerce.number(), y: z.coerce.number(), label: z.string().default('origin') }),
  reply: z.object({ sum: z.number().int() }),
  strict: z.object({ id: z.string().min(2).refine(isFree, 'id is taken') }),
  item: z.number().max(10),
};

export const valibotSchemas = {
  name: 'valibot',
  point: toStandardJsonSchema(
    v.object({
      x: v.pipe(v.union([v.number(), v.string()]), v.transform(Number), v.number()),
      y: v.pipe(v.union([v.number(), v.string()]), v.transform(Number), v.number()),
      label: v.optional(v.string(), 'origin'),
    }),
  ),
  reply: toStandardJsonSchema(v.object({ sum: v.pipe(v.number(), v.integer()) })),
  strict: v.objectAsync({ id: v.pipeAsync(v.string(), v.minLength(2), v.checkAsync(isFree, 'id is taken')) }),
  item: v.pipe(v.number(), v.maxValue(10)),
};

export const LIBRARIES = [zodSchemas, valibotSchemas] as const;
