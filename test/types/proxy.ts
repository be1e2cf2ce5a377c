// Type tests for typed proxies, compiled by `npm run typecheck` against the shipped declarations.
// Lines marked @ts-expect-error must NOT compile: if one ever compiles, tsc fails.
import type { CallContext } from 'isorpc';
import type { Client, RpcStream } from 'isorpc/node';

class Arith {
  multiply({ a, b }: { a: number; b: number }): number {
    return a * b;
  }
  async divide(args: { a: number; b: number }, ctx: CallContext): Promise<number> {
    return ctx.remaining() > 0 ? args.a / args.b : Number.NaN;
  }
  now(): Date {
    return new Date();
  }
  async *countTo(limit: number): AsyncGenerator<number> {
    for (let i = 0; i < limit; i++) yield i;
  }
  async sum(numbers: AsyncIterable<number>): Promise<number> {
    let total = 0;
    for await (const n of numbers) total += n;
    return total;
  }
  private secret(): string {
    return 'not on the wire type';
  }
  label = 'a field, not a method';
}

async function* numbers(): AsyncGenerator<number> {
  yield 1;
}

export async function typedProxy(client: Client): Promise<void> {
  const arith = client.proxy<Arith>('Arith');

  const product: number = await arith.multiply({ a: 7, b: 8 });
  const quotient: number = await arith.divide({ a: 1, b: 2 }, { timeout: 500 });
  const when: Date = await arith.now();
  const stream: RpcStream<number> = arith.countTo(3);
  for await (const n of arith.countTo(3)) {
    const item: number = n;
    void item;
  }
  const total: number = await arith.sum(numbers());
  void [product, quotient, when, stream, total];

  // @ts-expect-error: wrong argument shape
  await arith.multiply({ a: '7', b: 8 });
  // @ts-expect-error: missing argument
  await arith.multiply();
  // @ts-expect-error: the result is a number, not a string
  const wrong: string = await arith.multiply({ a: 1, b: 2 });
  // @ts-expect-error: no such method
  await arith.power({ a: 2, b: 3 });
  // @ts-expect-error: fields are not methods
  await arith.label();
  // @ts-expect-error: a streaming method returns a stream, not a promise of a number
  const notAPromise: number = await arith.countTo(3);
  // @ts-expect-error: the streamed argument must be an AsyncIterable of numbers
  await arith.sum(['1']);
  void [wrong, notAPromise];
}
