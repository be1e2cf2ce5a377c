// Lint rules that keep the architecture (docs/ARCHITECTURE.md): no import cycles, the core never
// imports a platform, Node built-ins or ws, no floating promises, no unused code. Zero warnings.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const platformImports = {
  patterns: [
    { group: ['**/platforms/**'], message: 'src/ never imports platforms/: pass what it needs in through Platform (docs/ARCHITECTURE.md).' },
    { group: ['node:*', 'ws', 'isomorphic-ws'], allowTypeImports: true, message: 'src/ runs in every runtime: Node built-ins and ws belong in platforms/.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/.vitepress/**', 'docs/api/**', 'test/browser/fixtures/**', '**/*.d.ts'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs'],
    extends: [tseslint.configs.base],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.mjs'], extensionAlias: { '.js': ['.ts', '.js'], '.mjs': ['.mts', '.mjs'] } })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-unreachable': 'error',
    },
  },
  { files: ['src/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', platformImports] } },
);
