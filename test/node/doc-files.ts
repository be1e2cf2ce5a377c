// The Markdown files users read (README.md and every page under docs/, generated API pages aside)
// and the example blocks marked `<!-- readme-test: KIND -->` in them, for the tests that run them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A Markdown file, by its path from the repository root, with its text. */
export interface DocFile {
  path: string;
  text: string;
}

/** A block that follows a `<!-- readme-test: KIND -->` marker. */
export interface MarkedBlock {
  /** Where it is, e.g. `docs/guide/calls.md #2` (the second block of its kind in that file). */
  where: string;
  kind: string;
  /** The fence's language tag (`js`, `sh`). */
  lang: string;
  code: string;
}

// docs/api/ is TypeDoc's output and .vitepress/ the site's config, cache and build: not written by hand.
const generated = (path: string): boolean => path.startsWith('docs/api/') || path.includes('.vitepress/');

/** README.md, then every `docs/**\/*.md` in path order. */
export function docFiles(): DocFile[] {
  const pages = readdirSync(`${root}docs`, { recursive: true, encoding: 'utf8' })
    .map((name) => `docs/${name.split('\\').join('/')}`)
    .filter((path) => path.endsWith('.md') && !generated(path))
    .sort();
  return ['README.md', ...pages].map((path) => ({ path, text: readFileSync(root + path, 'utf8') }));
}

/** Every marked block of every doc file (or of `files`), in reading order. */
export function markedBlocks(files: DocFile[] = docFiles()): MarkedBlock[] {
  return files.flatMap(({ path, text }) => {
    const counts = new Map<string, number>();
    return [...text.matchAll(/^<!-- readme-test: ([\w-]+) -->\s*```(\w*)\n([\s\S]*?)```/gm)].map((match) => {
      const kind = match[1]!;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return { where: `${path} #${counts.get(kind)}`, kind, lang: match[2]!, code: match[3]! };
    });
  });
}

/** How many lines open with a `<!-- readme-test: … -->` marker, followed by a code block or not. */
export function markerCount(files: DocFile[] = docFiles()): number {
  return files.reduce((sum, { text }) => sum + (text.match(/^<!-- readme-test: /gm) ?? []).length, 0);
}
