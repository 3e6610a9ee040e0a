// Vitest: unit, integration and renderer suites (Playwright e2e runs separately).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// better-sqlite3 13 needs N-API 10 (Node >= 22); system Node 20 has N-API 9 and segfaults on it.
if (process.env.VITEST && Number(process.versions.napi) < 10) {
  throw new Error(
    `Tests need Node >= 22, got ${process.version}: run them via npm scripts or npx so node_modules/.bin/node is used`,
  );
}

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [react()],
  test: {
    environment: 'node',
    include: ['tests/{unit,integration,renderer}/**/*.test.{ts,tsx}'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20000,
    server: { deps: { inline: ['electron-store'] } },
  },
});
