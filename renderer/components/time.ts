// renderer/components: one shared clock for every countdown (one timer, not one per row), and
// locale-aware duration formatting.
import { useSyncExternalStore } from 'react';

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
function subscribe(l: () => void) {
  listeners.add(l);
  if (!timer) {
    // The clock stood still while nothing showed a countdown: catch up (React re-renders the
    // subscriber when the snapshot changed during subscribe).
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const x of listeners) x();
    }, 1000);
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );
}

const fmtCache = new Map<string, Intl.NumberFormat>();
function unit(lang: string, u: 'minute' | 'hour' | 'day') {
  const k = `${lang}:${u}`;
  let f = fmtCache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: u,
      unitDisplay: 'narrow',
      maximumFractionDigits: 0,
    });
    fmtCache.set(k, f);
  }
  return f;
}

/** "45m", "3h 20m", "2d 4h" in the active language; negative durations get a minus sign. */
export function formatDuration(ms: number, lang: string): string {
  const neg = ms < 0;
  let m = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  let s: string;
  if (d > 0) s = `${unit(lang, 'day').format(d)} ${unit(lang, 'hour').format(h)}`;
  else if (h > 0) s = `${unit(lang, 'hour').format(h)} ${unit(lang, 'minute').format(m)}`;
  else s = unit(lang, 'minute').format(m);
  return neg ? `−${s}` : s;
}

/** Formatters are expensive to build: one per language and zone, reused. */
const dtCache = new Map<string, Intl.DateTimeFormat>();
/** Medium date + short time in the active language, in the given zone (default: the agent's). */
export function formatDateTime(iso: string, lang: string, timeZone?: string): string {
  const k = `${lang}|${timeZone ?? ''}`;
  let f = dtCache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    dtCache.set(k, f);
  }
  return f.format(new Date(iso));
}
