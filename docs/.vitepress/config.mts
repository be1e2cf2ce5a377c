// The docs site. Its pages are the repository's own Markdown (README.md as the home page, docs/**),
// so the links GitHub and npm show are the links the site follows; docs/api/ is TypeDoc's output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type DefaultTheme, type MarkdownRenderer } from 'vitepress';

const repo = new URL('../../', import.meta.url);
const guideDir = new URL('docs/guide/', repo);

/** Guides by group, in reading order. Names whose file does not exist (yet) are left out. */
const guideGroups: [string, string[]][] = [
  ['Start', ['install', 'calls', 'streams', 'validation', 'comparison']],
  ['Running it', ['production', 'security', 'operations', 'telemetry']],
  ['Many servers', ['clusters', 'registries']],
  ['Other protocols', ['protocols', 'go-gob', 'arpc', 'rpcx']],
  ['Reference', ['errors', 'development']],
];

/** A page's sidebar title: its first `# ` heading up to any colon, without Markdown code marks. */
function titleOf(file: URL): string {
  const heading = /^# (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? file.pathname;
  return heading.split(':')[0]!.replaceAll('`', '').trim();
}

function guideSidebar(): DefaultTheme.SidebarItem[] {
  const present = readdirSync(guideDir).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3));
  const item = (name: string): DefaultTheme.SidebarItem => ({ text: titleOf(new URL(`${name}.md`, guideDir)), link: `/docs/guide/${name}` });
  const listed = new Set(guideGroups.flatMap(([, names]) => names));
  const groups = guideGroups.map(([text, names]) => ({ text, items: names.filter((name) => present.includes(name)).map(item) }));
  // A guide nobody has placed yet still gets a link.
  groups.push({ text: 'More guides', items: present.filter((name) => !listed.has(name)).sort().map(item) });
  return groups.filter((group) => group.items.length > 0);
}

/** The API pages' sidebar, which typedoc-vitepress-theme writes next to them (after `typedoc` ran). */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const file = new URL('docs/api/typedoc-sidebar.json', repo);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[]) : [];
}

/**
 * README.md is the site's home page (`index.md`), so links to it from the guides are rewritten to
 * `index.md` before VitePress resolves them; on GitHub and npm they keep pointing at the README.
 */
function readmeLinksToHome(md: MarkdownRenderer): void {
  md.core.ruler.push('readme-links-to-home', (state) => {
    for (const token of state.tokens) {
      for (const child of token.children ?? []) {
        const href = child.type === 'link_open' ? child.attrGet('href') : null;
        if (href !== null && /^(\.\.?\/)+README\.md(#|$)/.test(href)) child.attrSet('href', href.replace('README.md', 'index.md'));
      }
    }
  });
}

const specs: DefaultTheme.SidebarItem = {
  text: 'Specs',
  items: [
    { text: 'Wire protocol', link: '/docs/PROTOCOL' },
    { text: 'Architecture', link: '/docs/ARCHITECTURE' },
  ],
};

export default defineConfig({
  title: 'isorpc',
  description: 'Isomorphic RPC for TypeScript: one call path over TCP, WebSocket and MessagePort, in Node, browsers and Workers.',
  srcDir: '..',
  srcExclude: ['bench/**', 'bin/**', 'demo/**', 'platforms/**', 'src/**', 'test/**', 'test-artifacts/**'],
  rewrites: { 'README.md': 'index.md' },
  cleanUrls: true,
  markdown: { config: readmeLinksToHome },
  // The API pages are long by design (one page per entry point); their chunks need not warn.
  vite: { build: { chunkSizeWarningLimit: 4096 } },
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guides', link: '/docs/guide/calls' },
      { text: 'API', link: '/docs/api/' },
      { text: 'Protocol', link: '/docs/PROTOCOL' },
    ],
    sidebar: {
      '/docs/api/': [{ text: 'API reference', link: '/docs/api/', items: apiSidebar() }],
      '/': [...guideSidebar(), specs, { text: 'API reference', link: '/docs/api/' }],
    },
    outline: [2, 3],
    search: { provider: 'local' },
  },
});
