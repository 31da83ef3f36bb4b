// Type-aware checks, which Biome (biome.json) cannot do: promises neither awaited nor handled
// everywhere, and `any` flowing into typed product code. Tests read JSON bodies as `any` on purpose,
// so the unsafe-any rules stop at the product code.
import tseslint from 'typescript-eslint';

const promises = {
  '@typescript-eslint/no-floating-promises': 'error',
  // JSX handlers may be async (React ignores their promise); elsewhere a promise where void is expected is a bug.
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
};

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'test/opensearch-node/**', 'docs/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: promises,
  },
  {
    files: ['server/**/*.ts', 'app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'server.ts', 'proxy.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
);
