import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'data/',
      'coverage/',
      'node_modules/',
      'eslint.config.mjs',
      // Generated from the API's document (npm run web:api).
      'src/web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through src/config only.',
        },
      ],
    },
  },
  {
    // ../shared/ARCHITECTURE.md: the engine parts know no feature; features register with them.
    files: [
      'src/modules/notifications/**',
      'src/modules/mail/**',
      'src/jobs/**',
      'src/common/**',
      'src/config/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/cases/*',
                '**/victims/*',
                '**/families/*',
                '**/perpetrators/*',
                '**/referrals/*',
                '**/tasks/*',
              ],
              message:
                'Notifications, mail, jobs, common and config import no feature: the feature registers with them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/config/**',
      'test/**',
      'src/database/data-source.ts',
      'src/seed/**',
      'jest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Plain JavaScript scripts (test/bench/*.mjs) are not in the TypeScript project: lint them
    // without type information; Node's globals are theirs, as in the TypeScript files.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-undef': 'off' },
  },
  {
    files: ['test/**', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
