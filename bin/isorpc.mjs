#!/usr/bin/env node
// The isorpc command line: `isorpc call | list | bench`. Each command lives in bin/cli/; this file
// parses the arguments (node:util parseArgs, no dependency) and turns failures into exit codes.
import { parseArgs } from 'node:util';
import { bench } from './cli/bench.mjs';
import { call } from './cli/call.mjs';
import { list } from './cli/list.mjs';
import { printError, UsageError } from './cli/output.mjs';

const USAGE = `usage:
  isorpc call <address> <Service.method> ['<json>'] [--metadata k=v | '{"k":"v"}']… [--timeout ms] [--codec msgpack|json]
  isorpc list <address> [--metadata …] [--timeout ms] [--codec …]      (needs reflection on the server)
  isorpc bench <address> <Service.method> ['<json>'] [-c concurrency] [-d seconds] [--metadata …] [--codec …]

addresses: tcp://host:port, tcp@host:port, tls://host:port, ws://host:port/path, wss://…, jsonrpc+tcp://…,
jsonrpc+ws://…, jsonrpc+http://…, gorpc+tcp://…, gob+tcp://…, gob+http://…, arpc://…, arpc+ws://…, rpcx://…, rpcx+ws://… (every scheme isorpc/node can connect to)
tls:// and wss://: --ca <file> trusts a private CA; --cert <file> --key <file> for mutual TLS (PEM files)`;

const OPTIONS = {
  metadata: { type: 'string', short: 'm', multiple: true },
  timeout: { type: 'string', short: 't' },
  codec: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  concurrency: { type: 'string', short: 'c' },
  duration: { type: 'string', short: 'd' },
  help: { type: 'boolean', short: 'h' },
};

const COMMANDS = { call, list, bench };

async function main(argv) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [name, ...rest] = positionals;
  if (values.help || name === undefined) {
    console.log(USAGE);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) throw new UsageError(`unknown command "${name}"`);
  return command(rest, values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      console.error(`isorpc: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      printError(error);
      process.exitCode = 1;
    }
  },
);
