// electron/core/secrets: the secret store of browser mode and tests (and the desktop fallback where
// the OS has no keyring). AES-256-GCM with a random 32-byte key in an owner-only (0600) key file
// beside the encrypted secrets. Nothing here logs or puts a secret value in an error message.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../ports';

type Sealed = { iv: string; tag: string; data: string };

export const KEY_FILE = 'secret.key';
export const SECRETS_FILE = 'secrets.json';
const POSIX = process.platform !== 'win32';

export type KeyFileSecretStore = SecretStore & {
  /** The references that have a stored value (never the values). */
  refs(): string[];
};

function fsyncDir(dir: string) {
  if (!POSIX) return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort: some file systems refuse fsync on a directory
  }
}

/** Writes a temp file, fsyncs it, then moves it into place (`exclusive`: only if `path` doesn't exist yet). */
export function writeAtomic(
  path: string,
  data: string,
  opts: { exclusive?: boolean } = {},
): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (POSIX) chmodSync(tmp, 0o600); // in case the umask or file system widened it
    if (opts.exclusive) {
      try {
        linkSync(tmp, path); // fails with EEXIST if another process created it first
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      } finally {
        unlinkSync(tmp);
      }
    } else {
      renameSync(tmp, path);
    }
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already moved or removed
    }
    throw err;
  }
  fsyncDir(dirname(path));
  return true;
}

function readKey(keyPath: string, warn: (msg: string) => void): Buffer {
  if (POSIX) {
    const st = statSync(keyPath);
    if ((st.mode & 0o077) !== 0) {
      chmodSync(keyPath, 0o600);
      warn(
        `Key file ${keyPath} was readable by other users (mode ${(st.mode & 0o777).toString(8)}); permissions reset to 0600.`,
      );
    }
  }
  const key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`Key file ${keyPath} is damaged (expected a base64 32-byte key).`);
  return key;
}

function loadOrCreateKey(keyPath: string, warn: (msg: string) => void): Buffer {
  try {
    return readKey(keyPath, warn);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeAtomic(keyPath, randomBytes(32).toString('base64'), { exclusive: true });
  // Created by us, or by a concurrent process a moment earlier: either way read what is on disk.
  return readKey(keyPath, warn);
}

/**
 * Reads a secrets file as a prototype-less record (so a reference like "__proto__" is just a key);
 * a missing file is empty, a damaged one is a clear error.
 */
export function readSecretsFile<T>(path: string): Record<string, T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return Object.create(null) as Record<string, T>;
    throw err;
  }
  try {
    const all = JSON.parse(text) as unknown;
    if (!all || typeof all !== 'object' || Array.isArray(all)) throw new Error('not an object');
    return Object.assign(Object.create(null) as Record<string, T>, all);
  } catch {
    throw new Error(`Secrets file ${path} is damaged (not valid JSON).`);
  }
}

export type KeyFileSecretStoreOptions = {
  warn?: (msg: string) => void;
  /** Called with every value read or written, so the host's logger redacts it (Logger.registerSecret). */
  onSecret?: (value: string) => void;
};

export function createKeyFileSecretStore(
  dir: string,
  opts: KeyFileSecretStoreOptions = {},
): KeyFileSecretStore {
  const warn = opts.warn ?? ((msg: string) => console.warn(`[steward] ${msg}`));
  const seen = opts.onSecret ?? (() => {});
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, KEY_FILE);
  const dataPath = join(dir, SECRETS_FILE);
  const key = loadOrCreateKey(keyPath, warn);

  const load = () => readSecretsFile<Sealed>(dataPath);
  const save = (all: Record<string, Sealed>) =>
    void writeAtomic(dataPath, JSON.stringify(all, null, 1));

  return {
    backend: 'keyfile',
    get(ref) {
      const all = load();
      if (!Object.prototype.hasOwnProperty.call(all, ref)) return null;
      const sealed = all[ref]!;
      try {
        const iv = Buffer.from(sealed.iv, 'base64');
        const tag = Buffer.from(sealed.tag, 'base64');
        if (iv.length !== 12 || tag.length !== 16) throw new Error('bad iv or tag');
        const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
        d.setAAD(Buffer.from(ref, 'utf8'));
        d.setAuthTag(tag);
        const value = Buffer.concat([
          d.update(Buffer.from(sealed.data, 'base64')),
          d.final(),
        ]).toString('utf8');
        seen(value);
        return value;
      } catch {
        throw new Error(
          `Secret "${ref}" could not be decrypted (wrong key file or tampered data).`,
        );
      }
    },
    set(ref, value) {
      seen(value);
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
      // The reference is authenticated too: a value copied to another reference doesn't decrypt.
      c.setAAD(Buffer.from(ref, 'utf8'));
      const data = Buffer.concat([c.update(value, 'utf8'), c.final()]);
      const all = load();
      all[ref] = {
        iv: iv.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      save(all);
    },
    delete(ref) {
      const all = load();
      if (!Object.prototype.hasOwnProperty.call(all, ref)) return;
      delete all[ref];
      save(all);
    },
    refs: () => Object.keys(load()),
  };
}
