// The desktop's core host: the secrets a utility-process core gets (main decrypts them, since
// safeStorage works only in main) and how a secret the core stores comes back to main's store.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/ports';
import { secretRefs, secretSnapshot, startOutOfProcessCore } from '../../../electron/main/coreHost';
import {
  createSafeStorageSecretStore,
  type SafeStorageApi,
} from '../../../electron/main/safeStorageSecretStore';
import { tempDir } from '../../helpers/core';
import { FakeMessageChannelMain } from './fakeElectron';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

const xor = (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a));
const safeStorage = (available: boolean): SafeStorageApi => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => (available ? 'gnome_libsecret' : 'basic_text'),
  encryptString: (s) => xor(Buffer.from(s)),
  decryptString: (b) => xor(b).toString(),
});

describe('secrets for a utility-process core', () => {
  it('snapshots every stored secret, decrypted, from the OS-keychain store', () => {
    const t = tempDir();
    dirs.push(t);
    const store = createSafeStorageSecretStore(safeStorage(true), t.dir, silentLogger, 'linux');
    store.set('source-key:a', 'alpha-key');
    store.set('source-key:b', 'beta-key');
    // On disk only ciphertext.
    expect(readFileSync(join(t.dir, 'secrets.json'), 'utf8')).not.toContain('alpha-key');
    expect(secretRefs(t.dir).sort()).toEqual(['source-key:a', 'source-key:b']);
    expect(secretSnapshot(t.dir, store, silentLogger)).toEqual({
      'source-key:a': 'alpha-key',
      'source-key:b': 'beta-key',
    });
  });

  it('also finds the key-file fallback store (Linux without a keyring)', () => {
    const t = tempDir();
    dirs.push(t);
    const store = createSafeStorageSecretStore(safeStorage(false), t.dir, silentLogger, 'linux');
    store.set('source-key:c', 'gamma-key');
    expect(existsSync(join(t.dir, 'keyfile', 'secrets.json'))).toBe(true);
    expect(secretSnapshot(t.dir, store, silentLogger)).toEqual({ 'source-key:c': 'gamma-key' });
  });

  it('an undecryptable secret is left out (and logged by reference only), the rest still go', () => {
    const t = tempDir();
    dirs.push(t);
    const store = createSafeStorageSecretStore(safeStorage(true), t.dir, silentLogger, 'linux');
    store.set('source-key:ok', 'fine');
    store.set('source-key:bad', 'x');
    const warned: unknown[] = [];
    const broken = {
      ...store,
      get: (ref: string) =>
        ref === 'source-key:bad'
          ? (() => {
              throw new Error('keychain changed');
            })()
          : store.get(ref),
    };
    const snap = secretSnapshot(t.dir, broken, {
      ...silentLogger,
      warn: (_m: string, d?: Record<string, unknown>) => void warned.push(d),
    });
    expect(snap).toEqual({ 'source-key:ok': 'fine' });
    expect(JSON.stringify(warned)).toContain('source-key:bad');
    expect(JSON.stringify(warned)).not.toContain('"x"');
  });

  it('the writer gets the snapshot in its init message; a secret it stores is persisted by main', async () => {
    const t = tempDir();
    dirs.push(t);
    const store = createSafeStorageSecretStore(safeStorage(true), t.dir, silentLogger, 'linux');
    store.set('source-key:a', 'alpha-key');
    const posted: unknown[] = [];
    const forks: { entry: string; serviceName?: string }[] = [];
    let toHost: ((e: { data: unknown }) => void) | null = null;
    const utility = {
      entry: '/dist/electron/utilityCore.cjs',
      readers: 0,
      MessageChannelMain: class extends FakeMessageChannelMain {
        constructor() {
          super();
          // Capture what main posts to the core and let the test answer as the core.
          this.port1.postMessage = (d: unknown) => void posted.push(d);
          const on = this.port1.on.bind(this.port1);
          this.port1.on = ((ev: string, cb: (e: { data: unknown }) => void) => {
            if (ev === 'message') toHost = cb;
            return on(ev, cb);
          }) as never;
        }
      } as never,
      utilityProcess: {
        fork: (entry: string, _a: string[], o: { serviceName?: string }) => {
          forks.push({ entry, serviceName: o.serviceName });
          return { postMessage() {}, on() {}, kill: () => true } as never;
        },
      },
    };
    const client = startOutOfProcessCore({
      userData: t.dir,
      secrets: store,
      logger: silentLogger,
      utility,
    });
    const started = client.start();
    expect(forks).toEqual([
      { entry: '/dist/electron/utilityCore.cjs', serviceName: 'Steward core' },
    ]);
    expect(posted[0]).toMatchObject({
      t: 'init',
      role: 'writer',
      options: { mode: 'desktop', dataDir: join(t.dir, 'data') },
      secrets: { kind: 'mirror', values: { 'source-key:a': 'alpha-key' } },
    });
    toHost!({ data: { t: 'ready' } });
    await new Promise((r) => setTimeout(r, 0));
    toHost!({ data: { t: 'started' } });
    await started;
    toHost!({ data: { t: 'secret', op: 'set', ref: 'source-key:new', value: 'new-key' } });
    toHost!({ data: { t: 'secret', op: 'delete', ref: 'source-key:a' } });
    expect(store.get('source-key:new')).toBe('new-key');
    expect(store.get('source-key:a')).toBeNull();
  });
});
