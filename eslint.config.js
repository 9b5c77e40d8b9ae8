import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layering from './tools/eslint-rules/layering.js';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/', 'test-results/', '.data/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { rebound: { rules: { layering } } },
    rules: {
      'rebound/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
