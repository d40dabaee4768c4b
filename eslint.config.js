// Type-aware rules that catch defects (unhandled promises, unused values, unsafe any), not style:
// formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import local from './eslint/unicode-property.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'scratch/', 'state/', '.state/', 'eval/answer-queries.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Sanitising untrusted text means matching control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Where speed counts (tests may keep a pattern where they use it).
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    plugins: { local },
    rules: { 'local/unicode-property-constant': 'error' },
  },
  {
    // Tests read JSON off the wire and from fakes and assert its shape: `any` there is checked by the assertions.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Fakes implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
