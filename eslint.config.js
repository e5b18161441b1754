import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Article content reaches the DOM as React text only (DESIGN.md).',
        },
      ],
    },
  },
  {
    // The service and everything under it run in plain Node: Electron stays in main/electron and main/index.ts.
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/electron/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The service is plain Node; Electron code lives in main/electron/.' }] }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer takes only types from the contract; values come from the zod-free model.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: 'preload/api$', allowTypeImports: true, message: 'Import values from preload/model instead.' }] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{ts,mjs}', '*.config.ts', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
);
