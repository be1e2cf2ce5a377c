// Every exported name of every entry point has JSDoc: TypeDoc (typedoc.json, the configuration
// `npm run docs:build` uses) validates the API without writing pages and fails on any warning.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

test('TypeDoc documents every export of every entry point without a warning', async () => {
  const typedoc = `${root}node_modules/typedoc/bin/typedoc`;
  const result = await run(process.execPath, [typedoc, '--emit', 'none', '--logLevel', 'Warn'], { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }).catch(
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
  expect('code' in result ? result.code : 0).toBe(0);
}, 240_000);
