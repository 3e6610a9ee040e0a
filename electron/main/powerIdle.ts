// electron/main: feeds the desktop's power state into time capture. Electron's powerMonitor events
// (lock-screen, suspend, unlock-screen, resume) and the system idle time (polled every 15 s) become
// `time.heartbeat` calls that carry only activity — conversation, activity and focus stay what the
// renderer last reported. System idle time covers input in other applications, so a running timer
// keeps counting while the agent works elsewhere and stops counting when they leave the desk.
// Wiring (the host that owns the core): `startPowerIdleFeed(electron.powerMonitor, (hb) => void
// core.dispatch('time.heartbeat', hb))`, stopped on quit.

export type PowerHeartbeat = { active: boolean; idleSeconds?: number };
export type PowerMonitorLike = {
  on(event: 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(
    event: 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume',
    listener: () => void,
  ): unknown;
  getSystemIdleTime(): number;
};
export type Timers = {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
};

/** Input within this many seconds counts as active (the core decides idleness with the agent's threshold). */
export const ACTIVE_WITHIN_S = 60;
export const POLL_MS = 15_000;

export function startPowerIdleFeed(
  pm: PowerMonitorLike,
  beat: (hb: PowerHeartbeat) => void,
  timers: Timers = globalThis as unknown as Timers,
): () => void {
  let away = false;
  const safeBeat = (hb: PowerHeartbeat) => {
    try {
      beat(hb);
    } catch {
      // The core refused or is gone (quitting): the next poll tries again.
    }
  };
  const idle = () => Math.max(0, Math.floor(pm.getSystemIdleTime()));
  const leave = () => {
    away = true;
    safeBeat({ active: false, idleSeconds: idle() });
  };
  const back = () => {
    away = false;
    safeBeat({ active: true });
  };
  const poll = () => {
    if (away) return safeBeat({ active: false });
    const s = idle();
    safeBeat(
      s < ACTIVE_WITHIN_S ? { active: true, idleSeconds: s } : { active: false, idleSeconds: s },
    );
  };
  pm.on('lock-screen', leave);
  pm.on('suspend', leave);
  pm.on('unlock-screen', back);
  pm.on('resume', back);
  const handle = timers.setInterval(poll, POLL_MS);
  return () => {
    timers.clearInterval(handle);
    pm.removeListener('lock-screen', leave);
    pm.removeListener('suspend', leave);
    pm.removeListener('unlock-screen', back);
    pm.removeListener('resume', back);
  };
}
