// Caller-only clients have no register/handle in their type: their servers cannot call back.
import { connect } from 'isorpc/node';

export async function callers(): Promise<number> {
  const go = await connect('gob+tcp://127.0.0.1:1234');
  // @ts-expect-error A Go net/rpc server cannot call the client back: there is no register().
  go.register('Client', {});
  const overHttp = await connect('jsonrpc+http://127.0.0.1:8080/rpc');
  const [first] = await overHttp.batch([{ method: 'Arith.multiply', arg: { a: 6, b: 7 } }]);
  // @ts-expect-error HTTP carries no calls back: there is no handle().
  overHttp.handle('Client.news', () => undefined);
  const overWs = await connect('jsonrpc+ws://127.0.0.1:8080/rpc');
  overWs.handle('Client.news', () => undefined);
  return (first?.reply as number) + (await go.call<number>('Arith.Multiply', { A: 7, B: 8 }));
}
