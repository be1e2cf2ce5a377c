// The floor plan of docs/ARCHITECTURE.md, checked: no import cycles (type imports included), small
// files, a short top level in src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findCycle, root, sourceFiles } from './import-graph.js';

const sources = [...sourceFiles('src'), ...sourceFiles('platforms')];

describe('layout', () => {
  test('there are sources to check', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  test('src/ and platforms/ have no import cycle, type-only imports included', () => {
    expect(findCycle(sources)).toBeUndefined();
  });

  test('no source file is over 400 lines', () => {
    const long = sources.map((file) => [file, readFileSync(path.join(root, file), 'utf8').split('\n').length] as const).filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });

  test('src/ keeps at most six files at its top level; everything else lives in named folders', () => {
    const top = readdirSync(path.join(root, 'src')).filter((name) => statSync(path.join(root, 'src', name)).isFile());
    expect(top.length).toBeLessThanOrEqual(6);
  });
});
