// build: the Chromium that the benchmarks and the XSS harness drive — Debian's (or CHROMIUM_PATH),
// else the one Playwright installed — with the flags this machine needs (no sandbox as root, no GPU,
// no background traffic that would count as a remote request or disturb a timing).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: [process.env.CHROMIUM_PATH, '/usr/bin/chromium']
      .filter((p): p is string => Boolean(p))
      .find((p) => existsSync(p)),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
