// electron/core: settings the core needs in every mode, kept with `conf` (the library
// electron-store wraps; conf runs in plain Node) in the data folder. Never holds secrets.
import Conf from 'conf';

export type CoreSettings = {
  /** The current agent of this desktop (0 = not chosen yet). */
  selfAgentId: number;
  pollIntervalMs: number;
};

export function openSettings(dataDir: string): Conf<CoreSettings> {
  return new Conf<CoreSettings>({
    projectName: 'steward',
    cwd: dataDir,
    configName: 'core-settings',
    defaults: { selfAgentId: 0, pollIntervalMs: 5000 },
    schema: {
      selfAgentId: { type: 'integer', minimum: 0 },
      pollIntervalMs: { type: 'number', minimum: 250 },
    },
  });
}
