// Secret stores: encrypted at rest, owner-only key file, tamper detected, values never logged;
// the desktop safeStorage store, its key-file fallback and the move back into the keychain.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../electron/core/ports';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';
import {
  createSafeStorageSecretStore,
  hasOsEncryption,
} from '../../../electron/main/safeStorageSecretStore';
import { tempDir } from '../../helpers/core';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const dir = () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};
const spyLogger = () => {
  const lines: string[] = [];
  const rec = (m: string, d?: Record<string, unknown>) =>
    void lines.push(m + (d ? JSON.stringify(d) : ''));
  const logger: Logger = { debug: rec, info: rec, warn: rec, error: rec };
  return { logger, lines };
};

describe('key-file secret store (browser mode)', () => {
  it('round-trips, stores no plaintext, and a second instance reads the same values', () => {
    const d = dir();
    const s = createKeyFileSecretStore(d);
    expect(s.backend).toBe('keyfile');
    s.set('source-key:1', 'discourse-api-key-SECRET-123');
    s.set('source-key:2', 'ünïcödé ключ 🔑');
    expect(s.get('source-key:1')).toBe('discourse-api-key-SECRET-123');
    expect(s.get('source-key:2')).toBe('ünïcödé ключ 🔑');
    const disk = readFileSync(join(d, 'secrets.json'), 'utf8');
    expect(disk).not.toContain('SECRET-123');
    expect(disk).not.toContain(Buffer.from('discourse-api-key-SECRET-123').toString('base64'));
    const again = createKeyFileSecretStore(d);
    expect(again.get('source-key:1')).toBe('discourse-api-key-SECRET-123');
    expect(again.refs().sort()).toEqual(['source-key:1', 'source-key:2']);
    s.delete('source-key:1');
    expect(s.get('source-key:1')).toBeNull();
    expect(again.get('source-key:1')).toBeNull();
    expect(s.get('never-set')).toBeNull();
    expect(s.get('__proto__')).toBeNull();
    s.set('__proto__', 'odd ref');
    expect(again.get('__proto__')).toBe('odd ref');
    // Atomic writes leave no temp files behind.
    expect(readdirSync(d).sort()).toEqual(['secret.key', 'secrets.json']);
  });
  it('uses a fresh IV per write (same value, different ciphertext)', () => {
    const d = dir();
    const s = createKeyFileSecretStore(d);
    s.set('a', 'same');
    const first = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')).a;
    s.set('a', 'same');
    const second = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')).a;
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
    expect(Buffer.from(second.iv, 'base64')).toHaveLength(12);
  });
  it.skipIf(process.platform === 'win32')(
    'keeps the key file owner-only and repairs loose permissions with a warning',
    () => {
      const d = dir();
      createKeyFileSecretStore(d).set('k', 'v');
      expect(statSync(join(d, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(statSync(join(d, 'secrets.json')).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(join(d, 'secret.key'), 'utf8'), 'base64')).toHaveLength(32);
      chmodSync(join(d, 'secret.key'), 0o644);
      const warn = vi.fn();
      expect(createKeyFileSecretStore(d, { warn }).get('k')).toBe('v');
      expect(statSync(join(d, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/readable by other users.*0600/));
    },
  );
  it('detects tampering instead of returning garbage', () => {
    const d = dir();
    const s = createKeyFileSecretStore(d);
    s.set('k', 'value');
    const all = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8'));
    const flipped = Buffer.from(all.k.data, 'base64');
    flipped[0]! ^= 1;
    writeFileSync(
      join(d, 'secrets.json'),
      JSON.stringify({ ...all, k: { ...all.k, data: flipped.toString('base64') } }),
    );
    expect(() => s.get('k')).toThrow(
      /Secret "k" could not be decrypted \(wrong key file or tampered data\)/,
    );
    // A value moved to another reference does not decrypt either (the reference is authenticated).
    s.set('a', 'alpha');
    const again = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8'));
    writeFileSync(join(d, 'secrets.json'), JSON.stringify({ ...again, b: again.a }));
    expect(() => s.get('b')).toThrow(/could not be decrypted/);
    // Another key file cannot read it.
    writeFileSync(join(d, 'secret.key'), Buffer.alloc(32, 7).toString('base64'));
    expect(() => createKeyFileSecretStore(d).get('a')).toThrow(/could not be decrypted/);
  });
  it('reports a damaged key or secrets file clearly', () => {
    const d = dir();
    createKeyFileSecretStore(d);
    writeFileSync(join(d, 'secrets.json'), '{not json');
    expect(() => createKeyFileSecretStore(d).get('x')).toThrow(/secrets\.json is damaged/);
    writeFileSync(join(d, 'secret.key'), 'c2hvcnQ=');
    expect(() => createKeyFileSecretStore(d)).toThrow(/secret\.key is damaged/);
  });
});

describe('safeStorage secret store (desktop)', () => {
  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret' as const,
    encryptString: vi.fn((s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a))),
    decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  };
  it('encrypts with the OS keychain API, writes base64 atomically to secrets.json, never in plain text', () => {
    const d = dir();
    const { logger, lines } = spyLogger();
    const s = createSafeStorageSecretStore(safeStorage, d, logger, 'linux');
    expect(s.backend).toBe('safeStorage');
    s.set('source-key:9', 'plain-api-key-XYZ');
    expect(safeStorage.encryptString).toHaveBeenCalledWith('plain-api-key-XYZ');
    expect(s.get('source-key:9')).toBe('plain-api-key-XYZ');
    const disk = readFileSync(join(d, 'secrets.json'), 'utf8');
    expect(disk).not.toContain('plain-api-key-XYZ');
    expect(JSON.parse(disk)['source-key:9']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(createSafeStorageSecretStore(safeStorage, d, logger, 'linux').get('source-key:9')).toBe(
      'plain-api-key-XYZ',
    );
    s.delete('source-key:9');
    expect(s.get('source-key:9')).toBeNull();
    expect(readdirSync(d)).toEqual(['secrets.json']);
    expect(lines.join('\n')).not.toContain('plain-api-key-XYZ');
  });
  it('a value the keychain cannot decrypt is a clear error', () => {
    const d = dir();
    const s = createSafeStorageSecretStore(
      {
        ...safeStorage,
        decryptString: () => {
          throw new Error('boom');
        },
      },
      d,
      undefined,
      'darwin',
    );
    s.set('k', 'v');
    expect(() => s.get('k')).toThrow(/Secret "k" could not be decrypted with the OS keychain/);
  });
  it('falls back to the key-file store (with a warning, no values) where the OS offers no real encryption', () => {
    expect(
      hasOsEncryption({ ...safeStorage, getSelectedStorageBackend: () => 'basic_text' }, 'linux'),
    ).toBe(false);
    expect(
      hasOsEncryption({ ...safeStorage, getSelectedStorageBackend: () => 'basic_text' }, 'win32'),
    ).toBe(true);
    expect(hasOsEncryption({ ...safeStorage, isEncryptionAvailable: () => false }, 'darwin')).toBe(
      false,
    );
    const d = dir();
    const { logger, lines } = spyLogger();
    const s = createSafeStorageSecretStore(
      { ...safeStorage, getSelectedStorageBackend: () => 'basic_text' },
      d,
      logger,
      'linux',
    );
    expect(s.backend).toBe('keyfile');
    s.set('source-key:1', 'fallback-SECRET');
    expect(existsSync(join(d, 'keyfile', 'secret.key'))).toBe(true);
    expect(lines.some((l) => /OS encryption .* not available/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain('fallback-SECRET');
  });
  it('moves secrets saved without a keyring into the keychain once it is available', () => {
    const d = dir();
    const noKeyring = createSafeStorageSecretStore(
      { ...safeStorage, isEncryptionAvailable: () => false },
      d,
      undefined,
      'linux',
    );
    noKeyring.set('source-key:1', 'moved-SECRET');
    const s = createSafeStorageSecretStore(safeStorage, d, undefined, 'linux');
    expect(s.backend).toBe('safeStorage');
    expect(s.get('source-key:1')).toBe('moved-SECRET');
    expect(createKeyFileSecretStore(join(d, 'keyfile')).refs()).toEqual([]);
    expect(readFileSync(join(d, 'secrets.json'), 'utf8')).not.toContain('moved-SECRET');
  });
});
