// What a browser app pays for isorpc: fixed entry files bundled with esbuild for the browser
// (minified ESM, gzip -9) through package.json "exports", held to their budgets (or, while a budget
// is not met yet, to the ceiling recorded beside it in bench/size.mjs), and each function pulling in
// only the code it uses. Uses dist/: run `npm run build` first.
import { describe, expect, test } from 'vitest';
import { BUNDLES, bundle, measure } from '../../bench/size.mjs';

interface Row {
  name: string;
  entry?: string;
  budget: number;
  ceiling?: number;
  gzip: number;
}

const carries = (inputs: string[], folder: string): string[] => inputs.filter((file) => file.startsWith(folder));

describe('bundle sizes (esbuild, browser, minified, gzip -9)', () => {
  test('every bundle is within its budget, or within its recorded ceiling while over budget', async () => {
    const rows = (await measure()) as Row[];
    expect(rows.map((row) => row.name)).toEqual((BUNDLES as Row[]).map((spec) => spec.name));
    for (const row of rows) {
      if (row.gzip <= row.budget) continue;
      expect(row.ceiling, `${row.name}: ${row.gzip} B is over its ${row.budget} B budget and has no ceiling`).toBeDefined();
      expect(row.gzip, `${row.name}: ${row.gzip} B gzipped`).toBeLessThanOrEqual(row.ceiling!);
    }
  });

  test("`connect` for ws:// carries neither TCP, JSON-RPC, the cluster client, the server nor ports", async () => {
    const { inputs } = (await bundle('bench/size/connect-ws.mjs', { fromSource: true })) as { inputs: string[] };
    expect(carries(inputs, 'platforms/websocket/'), 'the WebSocket dialer').not.toEqual([]);
    for (const folder of ['platforms/node/', 'src/protocols/', 'src/cluster/', 'src/server/', 'src/ops/', 'platforms/message-port/', 'platforms/in-process/']) {
      expect(carries(inputs, folder), folder).toEqual([]);
    }
  });

  test('`connectPort` carries no WebSocket and no server; a Worker server adds the server alone', async () => {
    const port = ((await bundle('bench/size/connect-port.mjs', { fromSource: true })) as { inputs: string[] }).inputs;
    const worker = ((await bundle('bench/size/worker.mjs', { fromSource: true })) as { inputs: string[] }).inputs;
    for (const inputs of [port, worker]) {
      expect(carries(inputs, 'platforms/message-port/')).not.toEqual([]);
      for (const folder of ['platforms/websocket/', 'platforms/node/', 'src/protocols/', 'src/cluster/', 'src/ops/', 'src/client/reconnecting-client']) {
        expect(carries(inputs, folder), folder).toEqual([]);
      }
    }
    expect(carries(port, 'src/server/')).toEqual([]);
    expect(carries(worker, 'src/server/')).not.toEqual([]);
    // Ports post structured-clone values: neither side makes a codec, JSON included.
    for (const inputs of [port, worker]) expect(inputs.filter((file) => file.startsWith('src/codec/json'))).toEqual([]);
  });

  test('msgpack rides only with byte transports: `connect` for ws:// carries it, `connectPort` and a Worker server do not', async () => {
    const msgpack = (inputs: string[]): string[] => inputs.filter((file) => file.includes('@msgpack/msgpack/') || file === 'src/codec/msgpack-codec.ts');
    const ws = ((await bundle('bench/size/connect-ws.mjs', { fromSource: true })) as { inputs: string[] }).inputs;
    expect(msgpack(ws)).toContain('src/codec/msgpack-codec.ts');
    for (const entry of ['bench/size/connect-port.mjs', 'bench/size/worker.mjs']) {
      const { inputs } = (await bundle(entry, { fromSource: true })) as { inputs: string[] };
      expect(msgpack(inputs), entry).toEqual([]);
      // Through package.json "exports" (dist/), as an app gets it: no msgpack package either.
      const shipped = ((await bundle(entry)) as { inputs: string[] }).inputs;
      expect(shipped.filter((file) => file.includes('@msgpack/msgpack/')), entry).toEqual([]);
    }
  });

  test('the shipped bundles resolve `isorpc` to the browser build, with no Node built-ins', async () => {
    for (const spec of (BUNDLES as Row[]).filter((row) => row.entry !== undefined)) {
      const { code, inputs } = (await bundle(spec.entry!)) as { code: Uint8Array; inputs: string[] };
      expect(inputs.some((file) => file === 'dist/index.mjs'), spec.entry).toBe(true);
      expect(inputs.filter((file) => file.includes('index-node') || file === 'dist/node.mjs'), spec.entry).toEqual([]);
      expect(new TextDecoder().decode(code), spec.entry).not.toMatch(/["']node:|require\(["']ws["']\)/);
    }
  });
});
