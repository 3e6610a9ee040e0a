// Secret stores: encrypted at rest, owner-only key file, tamper detected; safeStorage variant.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';
import { createSafeStorageSecretStore } from '../../../electron/main/safeStorageSecretStore';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());
const dir = () => { const t = tempDir(); cleanup = t.cleanup; return t.dir; };

describe('key-file secret store (browser mode)', () => {
  it('round-trips, stores no plaintext, and a second instance reads the same values', () => {
    const d = dir();
    const s = createKeyFileSecretStore(d);
    s.set('source-key:1', 'discourse-api-key-SECRET-123');
    expect(s.get('source-key:1')).toBe('discourse-api-key-SECRET-123');
    const disk = readFileSync(join(d, 'secrets.json'), 'utf8');
    expect(disk).not.toContain('SECRET-123');
    expect(createKeyFileSecretStore(d).get('source-key:1')).toBe('discourse-api-key-SECRET-123');
    s.delete('source-key:1');
    expect(s.get('source-key:1')).toBeNull();
  });
  it('keeps the key file owner-only and repairs loose permissions', () => {
    const d = dir();
    createKeyFileSecretStore(d);
    expect(statSync(join(d, 'secret.key')).mode & 0o777).toBe(0o600);
    chmodSync(join(d, 'secret.key'), 0o644);
    const warn = vi.fn();
    createKeyFileSecretStore(d, { warn });
    expect(statSync(join(d, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalled();
  });
  it('detects tampering instead of returning garbage', () => {
    const d = dir();
    const s = createKeyFileSecretStore(d);
    s.set('k', 'value');
    const all = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8'));
    all.k.data = Buffer.from('evil').toString('base64');
    writeFileSync(join(d, 'secrets.json'), JSON.stringify(all));
    expect(() => s.get('k')).toThrow(/could not be decrypted/);
    // A value moved to another reference does not decrypt either (the reference is authenticated).
    s.set('a', 'alpha');
    const again = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8'));
    again.b = again.a;
    writeFileSync(join(d, 'secrets.json'), JSON.stringify(again));
    expect(() => s.get('b')).toThrow();
  });
});

describe('safeStorage secret store (desktop)', () => {
  const safeStorage = {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  };
  it('encrypts with the OS keychain API and never writes the value in plain text', () => {
    const d = dir();
    const s = createSafeStorageSecretStore(safeStorage, d);
    expect(s.backend).toBe('safeStorage');
    s.set('source-key:9', 'plain-api-key-XYZ');
    expect(s.get('source-key:9')).toBe('plain-api-key-XYZ');
    expect(readFileSync(join(d, 'secrets.safe.json'), 'utf8')).not.toContain('plain-api-key-XYZ');
  });
  it('falls back to the key-file store where the OS offers no encryption', () => {
    const d = dir();
    const s = createSafeStorageSecretStore({ ...safeStorage, isEncryptionAvailable: () => false }, d);
    expect(s.backend).toBe('keyfile');
  });
});
