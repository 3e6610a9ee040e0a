// electron/main: the desktop secret store. Values are encrypted with Electron safeStorage (the OS
// keychain: Keychain, DPAPI, libsecret/kwallet) and kept as base64 in <userData>/secrets.json.
// Where the OS offers no encryption (Linux without a keyring) it falls back to the key-file store.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger, SecretStore } from '../core/ports';
import { createKeyFileSecretStore } from '../core/secrets/keyFileSecretStore';

export function createSafeStorageSecretStore(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>, dir: string, logger?: Logger): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    logger?.warn('OS encryption is not available; API keys are encrypted with an owner-only key file instead');
    return createKeyFileSecretStore(dir);
  }
  const path = join(dir, 'secrets.safe.json');
  const load = (): Record<string, string> => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {});
  const save = (all: Record<string, string>) => {
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(all));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  };
  return {
    backend: 'safeStorage',
    get(ref) {
      const v = load()[ref];
      return v === undefined ? null : safeStorage.decryptString(Buffer.from(v, 'base64'));
    },
    set(ref, value) {
      const all = load();
      all[ref] = safeStorage.encryptString(value).toString('base64');
      save(all);
    },
    delete(ref) {
      const all = load();
      if (!(ref in all)) return;
      delete all[ref];
      save(all);
    },
  };
}
