// The floor plan of docs/ARCHITECTURE.md, checked: no import cycles (type imports included), small
// files, a short top level in src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findCycle, importsOf, root, sourceFiles } from './import-graph.js';

const sources = [...sourceFiles('src'), ...sourceFiles('platforms')];

describe('layout', () => {
  test('there are sources to check', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  test('src/ and platforms/ have no import cycle, type-only imports included', () => {
    expect(findCycle(sources)).toBeUndefined();
  });

  test('src/ imports only point down the layers of docs/ARCHITECTURE.md', () => {
    // errors < core < codec < framing < calls < isorpc, protocols < client < server < cluster, ops < internal < index
    const rank: Record<string, number> = { 'errors.ts': 0, core: 1, codec: 2, framing: 3, calls: 4, isorpc: 5, protocols: 5, client: 6, server: 7, cluster: 8, ops: 8, 'internal.ts': 9, 'index.ts': 10 };
    const layer = (file: string): string => file.split('/')[1]!;
    const upward = sourceFiles('src').flatMap((file) =>
      importsOf(file)
        .filter((target) => layer(target) !== layer(file) && rank[layer(target)]! >= rank[layer(file)]!)
        .map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
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
