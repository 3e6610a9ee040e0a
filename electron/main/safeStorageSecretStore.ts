// electron/main: the desktop secret store. Values are encrypted with Electron safeStorage (macOS
// Keychain, Windows DPAPI, libsecret/kwallet on Linux) and kept as base64 in <userData>/secrets.json
// (atomic writes). Where the OS offers no real encryption — Linux without a keyring, where
// safeStorage would fall back to a hard-coded password — it uses the key-file store in
// <userData>/keyfile/ instead. Values are never logged.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger, SecretStore } from '../core/ports';
import {
  createKeyFileSecretStore,
  readSecretsFile,
  writeAtomic,
} from '../core/secrets/keyFileSecretStore';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export const SAFE_SECRETS_FILE = 'secrets.json';
export const FALLBACK_DIR = 'keyfile';

/** True when safeStorage really encrypts with an OS-held key (not Linux's "basic_text" password). */
export function hasOsEncryption(
  safeStorage: SafeStorageApi,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text')
    return false;
  return true;
}

export function createSafeStorageSecretStore(
  safeStorage: SafeStorageApi,
  dir: string,
  logger?: Logger,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const path = join(dir, SAFE_SECRETS_FILE);
  const fallbackDir = join(dir, FALLBACK_DIR);
  // Every value read or written is registered with the logger, which then redacts it in any form.
  const seen = (value: string) => logger?.registerSecret?.(value);
  const fallbackOptions = { warn: (m: string) => logger?.warn(m), onSecret: seen };
  if (!hasOsEncryption(safeStorage, platform)) {
    logger?.warn(
      'OS encryption (keychain/keyring) is not available; API keys are encrypted with an owner-only key file instead',
      {
        dir: fallbackDir,
      },
    );
    if (existsSync(path))
      logger?.warn(
        'secrets saved earlier with the OS keyring cannot be read until the keyring is available again',
      );
    return createKeyFileSecretStore(fallbackDir, fallbackOptions);
  }

  const load = () => readSecretsFile<string>(path);
  const save = (all: Record<string, string>) => writeAtomic(path, JSON.stringify(all, null, 1));

  const store: SecretStore = {
    backend: 'safeStorage',
    get(ref) {
      const all = load();
      if (!Object.prototype.hasOwnProperty.call(all, ref)) return null;
      let value: string;
      try {
        value = safeStorage.decryptString(Buffer.from(all[ref]!, 'base64'));
      } catch {
        throw new Error(
          `Secret "${ref}" could not be decrypted with the OS keychain (keychain changed or data tampered).`,
        );
      }
      seen(value);
      return value;
    },
    set(ref, value) {
      seen(value);
      const all = load();
      all[ref] = safeStorage.encryptString(value).toString('base64');
      save(all);
    },
    delete(ref) {
      const all = load();
      if (!Object.prototype.hasOwnProperty.call(all, ref)) return;
      delete all[ref];
      save(all);
    },
  };

  // Secrets saved while the keyring was unavailable move into the keychain now that it is back
  // (they are newer than any keychain value for the same reference: the keychain wasn't readable).
  if (existsSync(join(fallbackDir, 'secret.key'))) {
    try {
      const old = createKeyFileSecretStore(fallbackDir, fallbackOptions);
      const refs = old.refs();
      for (const ref of refs) {
        const v = old.get(ref);
        if (v !== null) store.set(ref, v);
        old.delete(ref);
      }
      if (refs.length)
        logger?.info('moved secrets from the key-file store into the OS keychain', {
          count: refs.length,
        });
    } catch (err) {
      logger?.warn('could not move key-file secrets into the OS keychain', {
        error: (err as Error).message,
      });
    }
  }
  return store;
}
