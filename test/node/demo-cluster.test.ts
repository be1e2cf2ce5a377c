// `npm run demo:cluster` must keep working: it checks its own outcomes and exits non-zero otherwise.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('the cluster demo (in-process registry) runs every step as expected and exits by itself', () => {
  const demo = fileURLToPath(new URL('../../demo/cluster.mjs', import.meta.url));
  const child = spawnSync(process.execPath, [demo], { encoding: 'utf8', timeout: 30_000 });
  expect(child.stderr).toBe('');
  expect(child.stdout).toContain('All demo steps behaved as expected.');
  expect(child.stdout).not.toContain('✗');
  expect(child.status).toBe(0);
});
