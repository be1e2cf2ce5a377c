// `isorpc call <address> <method> [json]`: one call, the reply as JSON on stdout.
import { callOptions, formatJson, open, parseJson, UsageError } from './output.mjs';

export async function call([address, method, json, ...extra], values) {
  if (method === undefined) throw new UsageError('missing <Service.method>');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')} (quote the JSON argument)`);
  const arg = parseJson(json, 'the argument');
  const options = callOptions(values);
  const client = await open(address, values);
  try {
    console.log(formatJson(await client.call(method, arg, options)));
    return 0;
  } finally {
    client.close();
  }
}
