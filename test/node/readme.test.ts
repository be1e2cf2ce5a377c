// Runs every README example marked `<!-- readme-test: node -->` against the built package and checks
// each `console.log(...); // expected` comment against what the example printed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const examples = [...readme.matchAll(/<!-- readme-test: node -->\s*```js\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** The text each commented console.log promises, without a trailing "(explanation)". */
function promisedOutput(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\);?\s*\/\/\s*(.+)$/gm)].map((match) => match[1]!.replace(/\s*\(.*\)\s*$/, '').trim());
}

describe('README examples', () => {
  test('there are runnable examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  test.each(examples.map((code, index) => [index + 1, code] as const))('example %i runs and prints what its comments say', (_index, code) => {
    const runnable = code.replaceAll("'isorpc/node'", `'${fileURLToPath(new URL('dist/node.mjs', root))}'`);
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', runnable], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const printed = child.stdout.split('\n');
    let from = 0;
    for (const expected of promisedOutput(code)) {
      const at = printed.findIndex((line, i) => i >= from && line.trim() === expected);
      expect(at, `"${expected}" in:\n${child.stdout}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  });
});
