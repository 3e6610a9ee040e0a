// The built main bundle (dist/electron/main.cjs, as build.mjs makes it) run under plain Node with a
// fake Electron and the real core, which runs from the built utility-process entry
// (dist/electron/utilityCore.cjs, forked by the fake utilityProcess into worker threads): the closest
// we get to `electron .` on machines without the Electron binary. Catches bundling mistakes
// (ESM-only electron-store/conf in CJS, paths, externals) and checks the MessagePort relay.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../helpers/core';
import {
  createFakeElectron,
  FakeUtilityProcess,
  invokeEvent,
  type FakeElectron,
} from './fakeElectron';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Inside the repo so the bundle resolves better-sqlite3 from node_modules, as it does in the app.
const out = join(root, 'node_modules', '.cache', `steward-main-test-${process.pid}`);
const userData = tempDir('steward-userdata-');
type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Load };
const originalLoad = mod._load;
const originalArgv = process.argv;
let fake: FakeElectron;

beforeAll(() => {
  const r = spawnSync(
    process.execPath,
    [join(root, 'build/scripts/build.mjs'), '--node-only', '--out', out],
    { cwd: root, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  mkdirSync(join(out, 'renderer'), { recursive: true });
  writeFileSync(join(out, 'renderer', 'index.html'), '<!doctype html><title>Steward</title>');
  fake = createFakeElectron({ userData: userData.dir });
  mod._load = function (this: unknown, request, parent, isMain) {
    return request === 'electron'
      ? fake.electron
      : originalLoad.call(this, request, parent, isMain);
  };
  process.argv = [process.argv[0]!, '.', '--no-demo'];
  createRequire(import.meta.url)(join(out, 'electron', 'main.cjs'));
  process.argv = originalArgv;
}, 60_000);

afterAll(() => {
  mod._load = originalLoad;
  process.argv = originalArgv;
  rmSync(out, { recursive: true, force: true });
  userData.cleanup();
});

describe('dist/electron/main.cjs', () => {
  it('starts the real core when the app is ready and opens the window on app://', async () => {
    expect(fake.protocol.privileged).toHaveLength(1); // registered at load, before ready
    fake.app.makeReady();
    await vi.waitFor(() => expect(fake.BrowserWindow.all).toHaveLength(1), { timeout: 15_000 });
    const win = fake.BrowserWindow.all[0]!;
    expect(win.loaded).toBe('app://steward/index.html');
    expect(win.opts.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: join(realpathSync(out), 'electron', 'preload.cjs'),
    });
    expect(existsSync(join(userData.dir, 'data', 'steward.db'))).toBe(true);
    // The core runs out of main: a writer and at least one reader utility process of the built entry.
    const forked = FakeUtilityProcess.forked;
    expect(forked.length).toBeGreaterThanOrEqual(2);
    expect(
      forked.every((p) => p.modulePath === join(realpathSync(out), 'electron', 'utilityCore.cjs')),
    ).toBe(true);
    expect(forked[0]!.options.serviceName).toBe('Steward core');
  });
  it('serves the renderer with the CSP', async () => {
    const res = await fake.protocol.handlers.get('app')!(new Request('app://steward/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
  it('answers IPC from the window through the real dispatcher', async () => {
    const win = fake.BrowserWindow.all[0]!;
    const invoke = fake.handlers.get('app:invoke') as (
      e: unknown,
      m: unknown,
      i: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
    const counts = await invoke(invokeEvent(win.webContents), 'queue.counts', {});
    expect(counts).toEqual({ ok: true, value: { open: 0, breached: 0, mine: 0 } });
    expect((await invoke(invokeEvent(win.webContents), 'no.such.method', {})).error?.code).toBe(
      'unknown_method',
    );
    await vi.waitFor(() => expect(fake.Tray.last?.tooltip).toBe('Steward — 0 open'));
  });
  it('restarts a killed core process, tells the window, and answers again', async () => {
    const win = fake.BrowserWindow.all[0]!;
    const invoke = fake.handlers.get('app:invoke') as (
      e: unknown,
      m: unknown,
      i: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
    const writer = FakeUtilityProcess.forked[0]!;
    writer.kill();
    await vi.waitFor(
      () =>
        expect(
          win.webContents.sent.some(
            ([ch, e]) => ch === 'app:event' && (e as { name: string }).name === 'app.reconnected',
          ),
        ).toBe(true),
      { timeout: 15_000 },
    );
    expect(
      FakeUtilityProcess.forked.filter(
        (p) => p.options.serviceName === 'Steward core' && !p.exited,
      ),
    ).toHaveLength(1);
    // A change needs a current agent (chosen at first start): choose one through the restarted core.
    expect(
      await invoke(invokeEvent(win.webContents), 'agents.setupSelf', {
        name: 'Desk Agent',
        email: 'desk@example.test',
      }),
    ).toMatchObject({ ok: true });
    const clients = await invoke(invokeEvent(win.webContents), 'clients.create', {
      name: 'After restart',
    });
    expect(clients.ok).toBe(true);
    expect(await invoke(invokeEvent(win.webContents), 'clients.list', {})).toMatchObject({
      ok: true,
      value: [{ name: 'After restart' }],
    });
  });
  it('saves window bounds with electron-store and stops the core on quit', async () => {
    fake.BrowserWindow.all[0]!.close();
    expect(existsSync(join(userData.dir, 'desktop-settings.json'))).toBe(true);
    await vi.waitFor(() => expect(fake.calls).toContain('app.quit:done'), { timeout: 10_000 });
    // Every core process was asked to stop and has ended.
    await vi.waitFor(() => expect(FakeUtilityProcess.forked.every((p) => p.exited)).toBe(true), {
      timeout: 10_000,
    });
  });
});

describe('dist/electron/preload.cjs', () => {
  it('runs with nothing but `electron` (as in a sandboxed preload) and exposes only window.app', () => {
    const code = readFileSync(join(out, 'electron', 'preload.cjs'), 'utf8');
    expect([...code.matchAll(/require\((["'`])(.*?)\1\)/g)].map((m) => m[2])).toEqual(['electron']);
    const exposed: Record<string, unknown> = {};
    const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return {
        contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
        ipcRenderer,
      };
    };
    const module = { exports: {} };
    runInNewContext(code, {
      require: sandboxRequire,
      module,
      exports: module.exports,
      process: { platform: 'linux' },
    });
    expect(Object.keys(exposed)).toEqual(['app']);
    expect(Object.keys(exposed.app as object).sort()).toEqual(['invoke', 'on', 'platform']);
  });
});
