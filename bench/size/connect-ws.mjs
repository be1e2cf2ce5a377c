// Size fixture: a page that connects to a WebSocket server (msgpack, the default codec).
import { connect } from 'isorpc';

const client = await connect('ws://127.0.0.1:8080/rpc');
console.log(await client.call('Arith.multiply', { a: 7, b: 8 }));
