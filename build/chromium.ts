// build: the Chromium that the benchmarks, the XSS harness and the end-to-end tests drive — Debian's
// (or CHROMIUM_PATH), else the one Playwright installed — with the flags this machine needs (no
// sandbox as root, no GPU, no background traffic that would count as a remote request or disturb a
// timing).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

/** Debian's Chromium (or CHROMIUM_PATH); undefined: Playwright's own (`npx playwright install chromium`). */
export const chromiumPath: string | undefined = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
]
  .filter((p): p is string => Boolean(p))
  .find((p) => existsSync(p));

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS] });
}
