// The hosts' logger (pino + redaction, electron/core/logging): JSON lines with level, name, message and
// fields; secret field names censored; every registered secret value gone from what is written after
// it was registered, in any form (case, base64 at any alignment, base64url, URL encoding, hex), in the
// message, nested fields and errors; the secret stores register what they read and write.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type HostLogger } from '../../../electron/core/logging/logger';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';
import {
  createSafeStorageSecretStore,
  type SafeStorageApi,
} from '../../../electron/main/safeStorageSecretStore';
import { tempDir } from '../../helpers/core';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const dir = () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};

function capture(level?: 'debug' | 'info'): {
  logger: HostLogger;
  lines: string[];
  text: () => string;
} {
  const lines: string[] = [];
  const logger = createLogger({
    name: 'test',
    level,
    destination: { write: (s: string) => void lines.push(s) },
  });
  return { logger, lines, text: () => lines.join('') };
}

const SECRET = 'dk_Live/9f8E+kQ2 x7#Zp!mW4&tR==v';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

/** Every way the secret could appear, each computed here with Node's own encoders. */
const FORMS: Record<string, string> = {
  exact: SECRET,
  lower: SECRET.toLowerCase(),
  upper: SECRET.toUpperCase(),
  base64: b64(SECRET),
  base64url: b64url(SECRET),
  basicAuth: b64(`api-user:${SECRET}`), // the secret one byte past a 3-byte boundary
  base64Offset2: b64(`ab${SECRET}`),
  base64urlOffset1: b64url(`a${SECRET}`),
  urlEncoded: encodeURIComponent(SECRET),
  formEncoded: new URLSearchParams({ k: SECRET }).toString().slice(2),
  urlEncodedLower: encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  hex: hex(SECRET),
  hexUpper: hex(SECRET).toUpperCase(),
};

/** True when any 12-character piece of `form` (away from its edges, which depend on neighbours) is in `text`. */
function leaks(text: string, form: string): boolean {
  for (let i = 4; i + 12 <= form.length - 4; i++)
    if (text.includes(form.slice(i, i + 12))) return true;
  return false;
}

function logEveryForm(logger: HostLogger) {
  for (const [name, form] of Object.entries(FORMS)) {
    logger.warn(`request failed for ${form} (form ${name})`, {
      url: `https://forum.example/posts.json?api_key=${form}&x=1`,
      header: `Basic ${form}`,
      nested: { list: ['ok', { deep: form }] },
      error: new Error(`upstream echoed ${form}`),
    });
  }
}

describe('host logger', () => {
  it('writes JSON lines with level, name, message and fields; debug only when enabled', () => {
    const { logger, lines } = capture();
    logger.info('core started', { dataDir: '/tmp/x', demo: true });
    logger.debug('noise');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 30,
      name: 'test',
      msg: 'core started',
      dataDir: '/tmp/x',
      demo: true,
    });
    expect(typeof line.time).toBe('string');
    const dbg = capture('debug');
    dbg.logger.debug('detail', { n: 1 });
    expect(JSON.parse(dbg.lines[0]!)).toMatchObject({ level: 20, msg: 'detail', n: 1 });
  });

  it('censors fields that are secrets by name, whatever their value', () => {
    const { logger, text } = capture();
    logger.error('send failed', {
      apiKey: 'unregistered-key-1',
      source: { token: 'unregistered-token-2', password: 'pw-3' },
      headers: { 'Api-Key': 'unregistered-header-4', authorization: 'Bearer unregistered-5' },
      platform: 'discourse',
    });
    const line = JSON.parse(text());
    expect(line.apiKey).toBe('[redacted]');
    expect(line.source).toEqual({ token: '[redacted]', password: '[redacted]' });
    expect(line.headers).toEqual({ 'Api-Key': '[redacted]', authorization: '[redacted]' });
    expect(line.platform).toBe('discourse');
    expect(text()).not.toMatch(/unregistered|pw-3/);
  });

  it('a line written before registering shows the value (the test can fail); after registering, no form of it remains', () => {
    const before = capture();
    logEveryForm(before.logger);
    expect(Object.keys(FORMS).filter((name) => leaks(before.text(), FORMS[name]!))).toEqual(
      Object.keys(FORMS),
    );

    const after = capture();
    after.logger.registerSecret(SECRET);
    logEveryForm(after.logger);
    expect(Object.keys(FORMS).filter((name) => leaks(after.text(), FORMS[name]!))).toEqual([]);
    expect(after.text()).toContain('[redacted]');
    // The rest of each line is intact.
    const first = JSON.parse(after.lines[0]!);
    expect(first.msg).toBe('request failed for [redacted] (form exact)');
    expect(first.url).toBe('https://forum.example/posts.json?api_key=[redacted]&x=1');
    expect(first.error.message).toBe('upstream echoed [redacted]');
  });

  it('ignores values too short to redact safely, and keeps several secrets apart', () => {
    const { logger, text } = capture();
    logger.registerSecret('abc');
    logger.registerSecret('first-secret-value');
    logger.registerSecret('second-secret-value');
    logger.info('abc first-secret-value second-secret-value third');
    expect(JSON.parse(text()).msg).toBe('abc [redacted] [redacted] third');
  });
});

describe('secret stores register what they read and write', () => {
  it('key-file store: set registers; a new store reading the value registers it too', () => {
    const d = dir();
    const a = capture();
    createKeyFileSecretStore(d, { onSecret: a.logger.registerSecret }).set('source-key:1', SECRET);
    a.logger.info(`key is ${SECRET}`);
    expect(a.text()).not.toContain(SECRET);

    const b = capture();
    const store = createKeyFileSecretStore(d, { onSecret: b.logger.registerSecret });
    b.logger.info(`not yet read: ${SECRET}`);
    expect(b.text()).toContain(SECRET);
    expect(store.get('source-key:1')).toBe(SECRET);
    b.logger.info(`read: ${b64(SECRET)}`);
    expect(leaks(b.lines[1]!, b64(SECRET))).toBe(false);
  });

  it('safeStorage store registers with the logger it is given', () => {
    const d = dir();
    const fake: SafeStorageApi = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from(s, 'utf8').reverse(),
      decryptString: (b) => Buffer.from(b).reverse().toString('utf8'),
    };
    const a = capture();
    createSafeStorageSecretStore(fake, d, a.logger, 'darwin').set('k', SECRET);
    a.logger.warn('oops', { echoed: hex(SECRET) });
    expect(a.text()).not.toContain(hex(SECRET).slice(8, 40));

    const b = capture();
    expect(createSafeStorageSecretStore(fake, d, b.logger, 'darwin').get('k')).toBe(SECRET);
    b.logger.warn(SECRET.toUpperCase());
    expect(b.text()).not.toContain(SECRET.toUpperCase());
  });
});
