import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Plugins see TicketBridge only through the plugin SDK, so the SDK is the whole contract between them. */
const pluginImports = {
  patterns: [
    {
      regex: '^(\\.\\./)+src/(?!plugin-sdk(/|$))',
      message: 'Plugins import TicketBridge only through src/plugin-sdk.',
    },
  ],
};

/** The SDK stands alone: it may not reach into the service or into a plugin. */
const sdkImports = {
  patterns: [
    {
      regex: '^\\.\\./(?!\\.\\./)',
      message: 'src/plugin-sdk may not import the rest of src/ (the service depends on the SDK, not the other way round).',
    },
    {
      regex: '^(\\.\\./){2,}',
      message: 'src/plugin-sdk may not import plugins or anything outside the SDK.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment only in src/config.' }],
    },
  },
  { files: ['plugins/**/*.ts'], rules: { 'no-restricted-imports': ['error', pluginImports] } },
  /** The admin pages' own script runs in the browser, beside uPlot's. */
  {
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', uPlot: 'readonly' },
    },
  },
  { files: ['src/plugin-sdk/*.ts'], rules: { 'no-restricted-imports': ['error', sdkImports] } },
  {
    files: ['src/plugin-sdk/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./){2,}', message: 'src/plugin-sdk may not import the rest of src/ or plugins.' }] },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', '**/*.test.ts', 'jest.config.js', 'eslint.config.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // src/sync holds the business rules and knows neither Redis nor HTTP: persistence goes through src/sync/ports.ts.
  {
    files: ['src/sync/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store', '**/store/**', 'ioredis', 'bullmq', 'axios', 'express'],
              message: 'src/sync knows neither Redis nor HTTP: use a port of src/sync/ports.ts.',
            },
          ],
        },
      ],
    },
  },
  // rules/ are pure decisions (inputs → plan): no Dolibarr call, no state; types of src/erp only.
  {
    files: ['src/sync/rules/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/store',
                '**/store/**',
                'ioredis',
                'bullmq',
                'axios',
                'express',
                '../mirror/**',
                '../reflect/**',
                '../operations/**',
                '../shared/**',
              ],
              message: 'sync/rules are pure: the code that reads or writes goes in mirror/, reflect/ or operations/.',
            },
            { group: ['**/erp/**'], allowTypeImports: true, message: 'sync/rules are pure: only types from src/erp.' },
          ],
        },
      ],
    },
  },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } } },
);
