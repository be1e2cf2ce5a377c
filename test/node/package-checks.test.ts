// The packed tarball as npm would publish it, checked by the ecosystem's tools: @arethetypeswrong/cli
// (types resolve, in the right module format, for every subpath under node10, node16 from CJS and
// ESM, and bundler resolution) and publint (package.json fields and files). Uses dist/: run
// `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

describe('the packed tarball', () => {
  let dir = '';
  let tarball = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'isorpc-pack-'));
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string }>;
    tarball = join(dir, packed!.filename);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('@arethetypeswrong/cli finds no problem for any subpath or resolution', () => {
    let output: string;
    try {
      output = execFileSync(bin('attw'), [tarball, '--format', 'json'], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: unknown }).stdout);
    }
    const report = JSON.parse(output) as { analysis: { entrypoints: Record<string, unknown> }; problems?: Record<string, AttwProblem[]> };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './arpc', './browser', './core', './etcd', './jsonrpc', './message-port', './node', './opentelemetry', './package.json', './redis', './rpcx', './umd', './websocket', './zookeeper']);
    expect(Object.values(report.problems ?? {}).flat()).toEqual([]);
  }, 180_000);

  test('publint reports nothing, warnings and suggestions included', () => {
    const output = execFileSync(bin('publint'), [tarball, '--strict', '--level', 'suggestion'], { cwd: root, encoding: 'utf8' });
    expect(output).toMatch(/All good!/);
  }, 120_000);
});
