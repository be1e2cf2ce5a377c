// `isorpc list <address>`: the server's services and methods, through its reflection service.
import { callOptions, open, UsageError } from './output.mjs';

export async function list([address, ...extra], values) {
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const client = await open(address, values);
  try {
    let listing;
    try {
      listing = await client.call('isorpc.list', undefined, callOptions(values));
    } catch (error) {
      if (error?.code === 'NOT_FOUND') error.message += ' (the server has no reflection: call enableReflection(server) there)';
      throw error;
    }
    for (const service of listing.services) {
      console.log(service.name === '' ? '(routes)' : service.name);
      for (const method of service.methods) console.log(`  ${method.name}${method.calls === undefined ? '' : `  calls=${method.calls}`}`);
    }
    return 0;
  } finally {
    client.close();
  }
}
