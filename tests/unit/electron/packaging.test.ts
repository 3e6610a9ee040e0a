// Packaging and HTML entries: the Electron fuses electron-builder flips at packaging, and the one CSP
// written into every HTML entry of the renderer build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { injectCspMeta, META_CSP } from '../../../build/cspMeta';
import { CSP } from '../../../shared/csp';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('packaging', () => {
  it('sets the Electron fuses: RunAsNode off, cookie encryption on, asar integrity on and app only from asar', () => {
    const cfg = parse(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as {
      electronFuses?: Record<string, boolean>;
      asar?: boolean;
    };
    expect(cfg.asar).toBe(true);
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });
});

describe('CSP on every HTML entry', () => {
  const entries = readdirSync(join(root, 'renderer')).filter((f) => f.endsWith('.html'));
  it.each(entries)(
    '%s gets the shared policy as a meta tag at build (and carries none of its own)',
    (f) => {
      const html = readFileSync(join(root, 'renderer', f), 'utf8');
      const out = injectCspMeta(html);
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(out)?.[1];
      expect(meta).toBe(META_CSP);
      for (const d of CSP.split('; ').filter((x) => !x.startsWith('frame-ancestors')))
        expect(meta).toContain(d);
      expect(meta).not.toMatch(/unsafe-eval/);
    },
  );
  it('refuses an entry that brings its own policy', () => {
    expect(() =>
      injectCspMeta(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src *"></head></html>',
      ),
    ).toThrow();
  });
});
