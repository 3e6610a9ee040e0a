// ESLint flat config: typescript-eslint + React hooks + the layer rules (who may import whom).
// The same rules are enforced by per-layer tsconfig lib/types; see ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'util',
  'stream',
  'worker_threads',
];
// The platform and document libraries a core loads on first use (electron/core/lazyModule.ts), so
// that no core (writer or reader) compiles them at start: types may be imported, values only with
// `await import()`.
const LAZY_LIBS = [
  '@discordjs/rest',
  '@discordjs/ws',
  '@slack/socket-mode',
  '@slack/web-api',
  'imapflow',
  'mailparser',
  'nodemailer',
  'nodemailer/lib/mail-composer',
  'pdfkit',
  'fontkit',
  'exceljs',
  'eld/extrasmall',
];
const zone = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Type-aware rules: each file is checked with its own layer's tsconfig (the nearest one, found by
    // typescript-eslint's project service). Promises must be awaited, returned, voided with a reason, or
    // given a .catch; a promise-returning function is not passed where a void callback is expected.
    files: ['{electron,shared,renderer,tests}/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-array-delete': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: zone([
      { group: NODE_BUILTINS, message: 'shared/ is pure TypeScript: no Node built-ins.' },
      {
        group: ['electron', 'electron-store', 'better-sqlite3', 'conf', 'react', 'react-dom'],
        message: 'shared/ runs anywhere: no Electron, database or UI libraries.',
      },
      {
        group: ['**/electron/**', '**/renderer/**'],
        message: 'shared/ must not import electron/ or renderer/.',
      },
    ]),
  },
  {
    files: ['electron/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      {
        group: ['electron', 'electron-store'],
        message: 'The core runs in plain Node: no Electron imports.',
      },
      {
        group: [
          '**/main/**',
          '**/preload/**',
          '**/renderer/**',
          '**/server/**',
          'react',
          'react-dom',
        ],
        message: 'electron/core may import shared/ and electron/core only.',
      },
      {
        group: ['**/demo/**', '**/demo'],
        message:
          'The core ships no demo and no fault injection: electron/demo is started by the hosts.',
      },
    ]),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: LAZY_LIBS.map((name) => ({
            name,
            allowTypeImports: true,
            message:
              'Loaded on first use: lazyModule(() => import(...)) (electron/core/lazyModule.ts).',
          })),
        },
      ],
    },
  },
  {
    files: ['electron/server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      {
        group: ['electron', 'electron-store'],
        message: 'The browser-mode server runs in plain Node: no Electron imports.',
      },
      {
        group: ['**/main/**', '**/preload/**', '**/renderer/**', 'react', 'react-dom'],
        message: 'electron/server may import shared/, electron/core and electron/demo only.',
      },
    ]),
  },
  {
    files: ['electron/demo/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      {
        group: ['electron', 'electron-store', 'better-sqlite3'],
        message: 'The demo runs in plain Node and reaches the workspace only through the contract.',
      },
      {
        group: [
          '**/core/**',
          '**/main/**',
          '**/server/**',
          '**/preload/**',
          '**/renderer/**',
          'react',
          'react-dom',
        ],
        message:
          'electron/demo may import shared/ and Node only: it drives the core through dispatch.',
      },
    ]),
  },
  {
    files: ['electron/host/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      {
        group: ['electron', 'electron-store'],
        message:
          'The core hosting (electron/host) runs in plain Node and worker threads: no Electron imports.',
      },
      {
        group: [
          '**/main/**',
          '**/preload/**',
          '**/renderer/**',
          '**/demo/**',
          'react',
          'react-dom',
        ],
        message: 'electron/host may import shared/ and electron/core only.',
      },
    ]),
  },
  {
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      {
        group: ['**/renderer/**', '**/preload/**', '**/server/**', 'react', 'react-dom'],
        message: 'electron/main may import shared/, electron/core, electron/demo and Electron.',
      },
    ]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: zone([
      { group: NODE_BUILTINS, message: 'The preload is sandboxed: no Node built-ins.' },
      {
        group: [
          '**/core/**',
          '**/main/**',
          '**/server/**',
          '**/renderer/**',
          '**/shared/domain/**',
        ],
        message: 'The preload may import only shared/ipc and electron.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...zone([
        { group: NODE_BUILTINS, message: 'The renderer runs in the browser: no Node built-ins.' },
        {
          group: ['electron', 'electron-store', 'better-sqlite3', 'conf'],
          message: 'The renderer reaches the core only through the contract (window.app or HTTP).',
        },
        {
          group: ['**/electron/**'],
          message: 'The renderer must not import electron/ code; use shared/ipc/contract.',
        },
      ]),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'build/**/*.{ts,mjs,cjs,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name=/^(it|describe|test)$/][property.name='only']",
          message: 'No .only in committed tests.',
        },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
