// electron/core: settings the core needs in every mode, in <data>/core-settings.json. Never holds
// secrets. Two numbers, so a JSON file read on every get (reader cores see the writer's changes at
// once) and written atomically (temporary file + rename); each value is validated on read, and a
// missing or invalid one reads as its default without the file being rewritten. This replaced `conf`
// here (same file and format): conf loads and compiles ajv in every core, ~0.4 s of CPU per core at
// start on the build machine, which the cold-start figure paid twice (writer and reader).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type CoreSettings = {
  /** The current agent of this desktop (0 = not chosen yet). */
  selfAgentId: number;
  pollIntervalMs: number;
};

const DEFAULTS: CoreSettings = { selfAgentId: 0, pollIntervalMs: 5000 };
const VALID: { [K in keyof CoreSettings]: (v: unknown) => boolean } = {
  selfAgentId: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  pollIntervalMs: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 250,
};

export type SettingsStore = {
  get<K extends keyof CoreSettings>(key: K): CoreSettings[K];
  set<K extends keyof CoreSettings>(key: K, value: CoreSettings[K]): void;
  readonly path: string;
};

export function openSettings(dataDir: string): SettingsStore {
  const path = join(dataDir, 'core-settings.json');
  const read = (): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  return {
    path,
    get(key) {
      const v = read()[key];
      return (VALID[key](v) ? v : DEFAULTS[key]) as CoreSettings[typeof key];
    },
    set(key, value) {
      if (!VALID[key](value)) throw new Error(`Invalid core setting ${key}: ${String(value)}`);
      const next = { ...DEFAULTS, ...read(), [key]: value };
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(next, null, '\t'), { mode: 0o600 });
      renameSync(tmp, path);
    },
  };
}
