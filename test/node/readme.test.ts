// Runs every example marked `<!-- readme-test: node -->` in README.md and docs/**/*.md against the
// built package and checks each `console.log(...); // expected` comment against what it printed.
// The `curl` examples run in test/interop/http-gateway.test.ts, against the gateway they describe.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { docFiles, markedBlocks, markerCount } from './doc-files.js';

const root = new URL('../../', import.meta.url);
const files = docFiles();
const blocks = markedBlocks(files);
const examples = blocks.filter((block) => block.kind === 'node');
const runners: Record<string, string> = { node: 'js', curl: 'sh' };

/** GitHub's anchors for a Markdown file's headings (VitePress makes the same ones for plain headings). */
function headingSlugs(markdown: string): string[] {
  const outsideCode = markdown.replace(/```[\s\S]*?```/g, '');
  return [...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-'),
  );
}

/** The text each commented console.log promises, without a trailing "(explanation)". */
function promisedOutput(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\);?\s*\/\/\s*(.+)$/gm)].map((match) => match[1]!.replace(/\s*\(.*\)\s*$/, '').trim());
}

describe('doc examples', () => {
  test('README.md and the guides have runnable examples', () => {
    expect(examples.filter((block) => block.where.startsWith('README.md')).length).toBeGreaterThanOrEqual(2);
    expect(examples.filter((block) => block.where.startsWith('docs/')).length).toBeGreaterThanOrEqual(7);
  });

  test('every marker names a runner and sits right above a block in its language, so none is skipped unnoticed', () => {
    expect(blocks.length).toBe(markerCount(files));
    for (const block of blocks) expect(`${block.where}: ${block.kind} ${block.lang}`).toBe(`${block.where}: ${block.kind} ${runners[block.kind]}`);
  });

  test('README.md stays a front page: at most 250 lines', () => {
    expect(files.find((file) => file.path === 'README.md')!.text.split('\n').length).toBeLessThanOrEqual(250);
  });

  test('every relative link points at a file that exists, and its #anchor at one of that file\'s headings', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of file.text.matchAll(/\]\((\.{1,2}\/[^)\s]*|[\w-]+(?:\/[\w.-]+)*\.md(?:#[\w-]+)?)\)/g)) {
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = new URL(path, new URL(file.path, root));
        if (!existsSync(resolved)) broken.push(`${file.path}: ${target}`);
        else if (anchor !== undefined && !headingSlugs(readFileSync(resolved, 'utf8')).includes(anchor)) broken.push(`${file.path}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  test.each(examples.map((block) => [block.where, block.code] as const))('%s runs and prints what its comments say', (_where, code) => {
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
