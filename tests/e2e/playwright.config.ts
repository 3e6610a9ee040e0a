// Playwright: end-to-end tests of browser mode in Chromium (Debian's chromium where present).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../build/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath, // undefined elsewhere: Playwright's own Chromium
      args: [...CHROMIUM_ARGS, '--disable-dev-shm-usage'],
    },
  },
});
