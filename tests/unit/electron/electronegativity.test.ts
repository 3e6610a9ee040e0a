// Electron configuration audit: Doyensec Electronegativity (pinned devDependency) run programmatically
// over the TypeScript sources of electron/main and electron/preload, and a source-level check that every
// BrowserWindow any of them creates gets the secure webPreferences.
//
// What Electronegativity covers here: it parses .ts/.js files (not .cjs, and not the esbuild bundle in
// dist/main, which it cannot parse), one file at a time; it does not follow imports (so it cannot see
// the CSP string that comes from shared/csp) and its global checks (CSP, navigation limits, permission
// handler) look across the scanned folder. Both folders are therefore scanned together, from a temp copy
// holding main/ and preload/ only (scanning electron/ would mix in the core, which has no Electron code).
// Its CLI exits 0 even with findings; this test fails instead on: a file it could not parse, a HIGH
// finding, any finding not triaged in build/electronegativity-allowlist.json, or an allowlist entry
// that no longer matches a finding (so the list cannot go stale).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../electron/main/security';

const root = join(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

type Issue = {
  id: string;
  file: string;
  severity: { name: string };
  confidence: { name: string };
  description: string;
  location?: { line: number };
};
type Allowed = { id: string; file: string; severity: string; reason: string };
type Run = (
  o: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Issue[]; errors: unknown[] }>;

const electronVersion = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies.electron!;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('Electronegativity over electron/main and electron/preload', () => {
  it('finds no HIGH issue and nothing that is not triaged in the allowlist', async () => {
    const run = require('@doyensec/electronegativity/dist/runner.js') as Run;
    const dir = mkdtempSync(join(tmpdir(), 'steward-electronegativity-'));
    try {
      cpSync(join(root, 'electron/main'), join(dir, 'main'), { recursive: true });
      cpSync(join(root, 'electron/preload'), join(dir, 'preload'), { recursive: true });
      const scanned = sources('electron/main').length + sources('electron/preload').length;
      expect(scanned).toBeGreaterThan(5);
      expect(
        [...sources('electron/main'), ...sources('electron/preload')].filter((f) =>
          f.endsWith('.cjs'),
        ),
      ).toEqual([]);
      const r = await run(
        { input: dir, isRelative: true, electronVersionOverride: electronVersion },
        false,
      );
      expect(r.errors).toEqual([]); // every file parsed
      const allow = (
        JSON.parse(readFileSync(join(root, 'build/electronegativity-allowlist.json'), 'utf8')) as {
          findings: Allowed[];
        }
      ).findings;
      for (const a of allow) expect(a.reason.length, `${a.id}: a reason`).toBeGreaterThan(40);
      const found = r.issues.map((i) => ({ id: i.id, file: i.file, severity: i.severity.name }));
      const key = (x: { id: string; file: string; severity: string }) =>
        `${x.severity} ${x.id} ${x.file}`;
      const untriaged = found.filter((f) => !allow.some((a) => key(a) === key(f)));
      expect(untriaged, 'findings neither fixed nor explained in the allowlist').toEqual([]);
      expect(
        found.filter((f) => f.severity === 'HIGH' && !allow.some((a) => key(a) === key(f))),
      ).toEqual([]);
      const stale = allow.filter((a) => !found.some((f) => key(a) === key(f)));
      expect(stale, 'allowlist entries that no longer match a finding').toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("every window's webPreferences", () => {
  it('every BrowserWindow in electron/ is created with secureWebPreferences and nothing else sets webPreferences', () => {
    const files = sources('electron').filter((f) => !f.includes('/core/'));
    let windows = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const created = text.match(/new (?:[\w.]+\.)?BrowserWindow\s*\(/g)?.length ?? 0;
      windows += created;
      const prefs = [...text.matchAll(/webPreferences\s*:\s*([^\n,}]*)/g)].map((m) => m[1]!.trim());
      // Every webPreferences a window gets is exactly the shared secure set (no inline overrides).
      for (const p of prefs) expect(p, f).toMatch(/^secureWebPreferences\(/);
      if (created)
        expect(prefs.length, `${f}: a BrowserWindow without secureWebPreferences`).toBe(created);
    }
    expect(windows).toBeGreaterThanOrEqual(1); // the main window; a new one must come through here too
    for (const f of sources('electron'))
      expect(readFileSync(f, 'utf8'), f).not.toMatch(
        /new BrowserView\s*\(|new WebContentsView\s*\(|<webview/,
      );
  });

  it('the secure set: isolated, sandboxed, no Node anywhere, web security on, no webview', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    });
  });
});
