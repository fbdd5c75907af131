// Lint: typescript-eslint's type-aware recommended rules, plus a ban on comparing MAC material by value
// (docs/security.md #14: only timingSafeEqual or subtle.verify).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'docs/api/',
      'test-results/',
      '.cache/',
      'test/runtimes/node_modules/',
      '**/.svelte-kit/',
      '**/sveltekit/build/',
      '**/.next/',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/signing/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // Checks against a literal or undefined (emptiness, presence) are allowed.
          selector:
            "BinaryExpression[operator=/^[!=]==?$/][left.type!='Literal'][right.type!='Literal'][right.name!='undefined'] > Identifier[name=/^(signature|expected|mac|given)$/]",
          message: 'Compare MAC material only with timingSafeEqual or crypto.subtle.verify.',
        },
      ],
    },
  },
);
