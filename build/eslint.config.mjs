// ESLint flat config: typescript-eslint + React hooks + the layer rules (who may import whom).
// The same rules are enforced by per-layer tsconfig lib/types; see ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'util', 'stream', 'worker_threads'];
const zone = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: zone([
      { group: NODE_BUILTINS, message: 'shared/ is pure TypeScript: no Node built-ins.' },
      { group: ['electron', 'electron-store', 'better-sqlite3', 'conf', 'react', 'react-dom'], message: 'shared/ runs anywhere: no Electron, database or UI libraries.' },
      { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import electron/ or renderer/.' },
    ]),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'electron/host/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      { group: ['electron', 'electron-store'], message: 'The core, the core hosting (electron/host) and the browser-mode server run in plain Node: no Electron imports.' },
      { group: ['**/main/**', '**/preload/**', '**/renderer/**', 'react', 'react-dom'], message: 'electron/core, electron/host and electron/server may import shared/ and electron/core (and electron/host) only.' },
    ]),
  },
  {
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: zone([
      { group: ['**/renderer/**', '**/preload/**', '**/server/**', 'react', 'react-dom'], message: 'electron/main may import shared/, electron/core and Electron.' },
    ]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: zone([
      { group: NODE_BUILTINS, message: 'The preload is sandboxed: no Node built-ins.' },
      { group: ['**/core/**', '**/main/**', '**/server/**', '**/renderer/**', '**/shared/domain/**'], message: 'The preload may import only shared/ipc and electron.' },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...zone([
        { group: NODE_BUILTINS, message: 'The renderer runs in the browser: no Node built-ins.' },
        { group: ['electron', 'electron-store', 'better-sqlite3', 'conf'], message: 'The renderer reaches the core only through the contract (window.app or HTTP).' },
        { group: ['**/electron/**'], message: 'The renderer must not import electron/ code; use shared/ipc/contract.' },
      ]),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'build/**/*.{ts,mjs,cjs,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name=/^(it|describe|test)$/][property.name='only']", message: 'No .only in committed tests.' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
