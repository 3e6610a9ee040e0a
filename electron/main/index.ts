// electron/main: the entry point (bundled to dist/electron/main.cjs). Everything is in lifecycle.ts,
// with Electron passed in so it can be tested without the Electron binary.
import * as electron from 'electron';
import { createLogger } from '../core/logging/logger';
import { distPaths, startDesktop } from './lifecycle';

startDesktop({
  electron,
  logger: createLogger({ name: 'steward-main' }),
  ...distPaths(__dirname),
  argv: process.argv.slice(1),
  env: process.env,
});
