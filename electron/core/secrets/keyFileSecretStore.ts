// electron/core/secrets: the secret store of browser mode and tests. AES-256-GCM with a random
// 32-byte key kept in an owner-only (0600) key file beside the encrypted secrets. Values never leave
// this module except to the caller that asked for them; nothing here logs a value.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../ports';

type Sealed = { iv: string; tag: string; data: string };

function writeAtomic(path: string, text: string, mode: number) {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  if (process.platform !== 'win32') chmodSync(path, mode);
}

export function createKeyFileSecretStore(dir: string, opts: { warn?: (msg: string) => void } = {}): SecretStore {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, 'secret.key');
  const dataPath = join(dir, 'secrets.json');
  let key: Buffer;
  if (existsSync(keyPath)) {
    if (process.platform !== 'win32' && (statSync(keyPath).mode & 0o077) !== 0) {
      chmodSync(keyPath, 0o600);
      opts.warn?.(`Key file ${keyPath} was readable by other users; permissions reset to 0600.`);
    }
    key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`Key file ${keyPath} is damaged (expected 32 bytes).`);
  } else {
    key = randomBytes(32);
    writeAtomic(keyPath, key.toString('base64'), 0o600);
  }

  const load = (): Record<string, Sealed> => {
    if (!existsSync(dataPath)) return {};
    return JSON.parse(readFileSync(dataPath, 'utf8')) as Record<string, Sealed>;
  };

  return {
    backend: 'keyfile',
    get(ref) {
      const sealed = load()[ref];
      if (!sealed) return null;
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
        d.setAAD(Buffer.from(ref));
        d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([d.update(Buffer.from(sealed.data, 'base64')), d.final()]).toString('utf8');
      } catch {
        throw new Error(`Secret "${ref}" could not be decrypted (wrong key file or tampered data).`);
      }
    },
    set(ref, value) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(ref));
      const data = Buffer.concat([c.update(value, 'utf8'), c.final()]);
      const all = load();
      all[ref] = { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
      writeAtomic(dataPath, JSON.stringify(all, null, 1), 0o600);
    },
    delete(ref) {
      const all = load();
      if (!(ref in all)) return;
      delete all[ref];
      writeAtomic(dataPath, JSON.stringify(all, null, 1), 0o600);
    },
  };
}
