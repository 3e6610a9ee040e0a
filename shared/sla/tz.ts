// shared/sla: IANA time-zone arithmetic on top of Intl (pure; no Node, no DOM).
// Conventions: a local time that does not exist (spring-forward gap) moves forward by the gap
// (02:30 -> 03:30); an ambiguous local time (fall-back overlap) takes the earlier instant.

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset (ms, local - UTC) at instant `t` (ms epoch). */
export function offsetAt(zone: string, t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  const parts = formatter(zone).formatToParts(new Date(whole));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - whole;
}

/**
 * The instant of a local wall time given as ms since 1970-01-01T00:00 *local*.
 * Gap: moved forward by the gap. Overlap: the earlier instant.
 */
export function localToUtc(zone: string, localMs: number): number {
  // Real zones change offset at most once within a day around any instant.
  const o1 = offsetAt(zone, localMs - DAY_MS);
  const o2 = offsetAt(zone, localMs + DAY_MS);
  const t1 = localMs - o1;
  const t2 = localMs - o2;
  const ok1 = offsetAt(zone, t1) === o1;
  const ok2 = o2 === o1 ? ok1 : offsetAt(zone, t2) === o2;
  if (ok1 && ok2) return Math.min(t1, t2); // ambiguous (or no transition): the earlier
  if (ok1) return t1;
  if (ok2) return t2;
  // In the gap: keep the offset from before the transition, i.e. move forward by the gap.
  return t1;
}

/** Local calendar day number (days since 1970-01-01 local) of an instant. */
export function localDay(zone: string, t: number): number {
  return Math.floor((t + offsetAt(zone, t)) / DAY_MS);
}

/** 'YYYY-MM-DD' -> local day number, or NaN if not a real date. */
export function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms / DAY_MS;
}

/** Weekday of a local day number: 0 = Monday ... 6 = Sunday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  return (((day + 3) % 7) + 7) % 7;
}
