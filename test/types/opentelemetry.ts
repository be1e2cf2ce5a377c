// Type tests for isorpc/opentelemetry against the shipped declarations: instrument() returns what it
// was given, so a client stays a Client and a server a Server.
import type { Client, Server } from 'isorpc/node';
import { instrument, type InstrumentOptions } from 'isorpc/opentelemetry';

export function traced(server: Server, client: Client, options: InstrumentOptions): [Server, Client] {
  const s: Server = instrument(server, options);
  const c: Client = instrument(client, { system: 'isorpc' });
  return [s, c];
}
