// tests/unit/core: lazyModule — the platform libraries a core loads on first use: once, shared by
// concurrent callers, tried again after a failed load, and `loaded()` empty until then.
import { describe, expect, it } from 'vitest';
import { lazyModule } from '../../../electron/core/lazyModule';

describe('lazyModule', () => {
  it('imports once on first use; concurrent callers share the one load', async () => {
    let imports = 0;
    const lib = lazyModule(async () => {
      imports++;
      await new Promise((r) => setTimeout(r, 5));
      return { answer: 42 };
    });
    expect(imports).toBe(0);
    expect(lib.loaded()).toBeUndefined();
    const [a, b] = await Promise.all([lib.load(), lib.load()]);
    expect(a).toBe(b);
    expect(await lib.load()).toBe(a);
    expect(lib.loaded()).toBe(a);
    expect(imports).toBe(1);
  });

  it('a failed import is reported and tried again on the next call', async () => {
    let imports = 0;
    const lib = lazyModule(async () => {
      if (++imports === 1) throw new Error('ENOENT');
      return { ok: true };
    });
    await expect(lib.load()).rejects.toThrow('ENOENT');
    expect(lib.loaded()).toBeUndefined();
    expect(await lib.load()).toEqual({ ok: true });
    expect(imports).toBe(2);
  });

  it('loads a real package lazily (the Discord REST client)', async () => {
    const lib = lazyModule(() => import('@discordjs/rest'));
    const m = await lib.load();
    expect(typeof m.REST).toBe('function');
  });
});
