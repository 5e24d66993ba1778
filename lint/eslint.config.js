// ESLint for journey-audit's sources and tests, with typescript-eslint's recommended rules. The config lives in lint/
// with its tools (see package.json there) and runs from the repository root: lint/node_modules/.bin/eslint --config lint/eslint.config.js
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'src/schema/*.validate.cjs', 'test/fixtures/**', 'bench/.work/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', performance: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly',
        TextDecoder: 'readonly', AbortController: 'readonly', queueMicrotask: 'readonly', globalThis: 'readonly', NodeJS: 'readonly',
        // Code that runs in the drawing page and the report tests' browser.
        document: 'readonly', window: 'readonly',
      },
    },
    rules: {
      // A leading underscore marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Rules, the model and the engine read as plain TypeScript: a lookup that cannot fail gets a shape where it cannot
    // (for-of, entries(), a typed accessor), not a `!`. The only exceptions are the kernels a benchmark shows are hot,
    // each marked by a disable comment that names the workload.
    files: ['src/rules/**/*.ts', 'src/model/**/*.ts', 'src/engine/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  {
    // Tests reach into untyped output (parsed JSON, browser handles) where `any` is the honest type.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // These match control characters on purpose: the YAML reader refuses them, the tests check they never reach a terminal.
    files: ['src/parse/fast-yaml.ts', 'test/formats.test.ts', 'test/hostile.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
]);
