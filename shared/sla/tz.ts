// shared/sla: IANA time-zone arithmetic on top of Intl (pure; no Node, no DOM).
//
// Conventions: a local time that does not exist (spring-forward gap) moves forward by the gap
// (02:30 -> 03:30); an ambiguous local time (fall-back overlap) takes the earlier instant.
//
// Speed: Intl is slow (~5 µs per formatToParts), so each zone keeps a cache of its UTC offset at
// every UTC midnight it has seen (one Intl call per UTC day), and where the offset differs between
// two midnights the exact transition instant is found once by bisection (to the second). After
// warm-up, offsetAt/localToUtc are a couple of Map lookups. Assumption (true of every real zone
// since 1900): a zone changes its offset at most once within any 24 hours.

export const DAY_MS = 86_400_000;

/** A zone's offsets, cached per UTC day. Shared by every schedule in that zone. */
export class ZoneClock {
  readonly zone: string;
  private readonly fmt: Intl.DateTimeFormat;
  /** UTC day number -> offset (ms, local - UTC) at that UTC midnight. */
  private readonly midnight = new Map<number, number>();
  /** UTC day number -> the instant the offset changes within that day (days with a change only). */
  private readonly change = new Map<number, number>();

  constructor(zone: string) {
    this.zone = zone;
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The offset straight from Intl (whole seconds). */
  rawOffset(t: number): number {
    const whole = Math.floor(t / 1000) * 1000;
    let y = 0,
      mo = 0,
      d = 0,
      h = 0,
      mi = 0,
      s = 0,
      bc = false;
    for (const p of this.fmt.formatToParts(whole)) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
        case 'era':
          bc = p.value === 'BC' || p.value === 'B';
          break;
      }
    }
    const local = new Date(0);
    local.setUTCFullYear(bc ? 1 - y : y, mo - 1, d);
    local.setUTCHours(h, mi, s, 0);
    return local.getTime() - whole;
  }

  private atMidnight(day: number): number {
    let o = this.midnight.get(day);
    if (o === undefined) {
      if (this.midnight.size > 400_000) {
        this.midnight.clear();
        this.change.clear();
      }
      o = this.rawOffset(day * DAY_MS);
      this.midnight.set(day, o);
    }
    return o;
  }

  /** The zone's UTC offset (ms, local - UTC) at instant `t`. */
  offsetAt(t: number): number {
    const day = Math.floor(t / DAY_MS);
    const o0 = this.atMidnight(day);
    const o1 = this.atMidnight(day + 1);
    if (o0 === o1) return o0;
    let at = this.change.get(day);
    if (at === undefined) {
      // Bisect to the second: the first instant whose offset is no longer o0.
      let lo = day * DAY_MS,
        hi = lo + DAY_MS;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.rawOffset(mid) === o0) lo = mid;
        else hi = mid;
      }
      at = hi;
      this.change.set(day, at);
    }
    return t < at ? o0 : o1;
  }

  /**
   * The instant of a local wall time given as ms since 1970-01-01T00:00 *local*.
   * Gap: moved forward by the gap. Overlap: the earlier instant.
   */
  localToUtc(local: number): number {
    const before = this.offsetAt(local - DAY_MS);
    const after = this.offsetAt(local + DAY_MS);
    const t1 = local - before;
    if (before === after) return t1;
    const t2 = local - after;
    const ok1 = this.offsetAt(t1) === before;
    const ok2 = this.offsetAt(t2) === after;
    if (ok1 && ok2) return Math.min(t1, t2); // fall-back overlap: the earlier instant
    if (ok2) return t2;
    // ok1 alone, or neither (in a spring-forward gap): the offset from before the transition,
    // which reads on the wall clock as the requested time moved forward by the gap.
    return t1;
  }

  /** Local day number (days since 1970-01-01 local) containing instant t. */
  localDay(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY_MS);
  }
}

const clocks = new Map<string, ZoneClock>();
/** The shared offset cache of a zone (throws RangeError for an unknown zone). */
export function zoneClock(zone: string): ZoneClock {
  let c = clocks.get(zone);
  if (!c) {
    c = new ZoneClock(zone);
    clocks.set(zone, c);
  }
  return c;
}

/**
 * Is this an IANA zone name Intl knows? Offset-style names ("+01:00") are refused: they have no
 * daylight saving rules, so "Europe/Copenhagen" or "Etc/GMT-1" must be said instead.
 */
export function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !/^[A-Za-z]/.test(zone)) return false;
  try {
    zoneClock(zone);
    return true;
  } catch {
    return false;
  }
}

export const offsetAt = (zone: string, t: number): number => zoneClock(zone).offsetAt(t);
export const localToUtc = (zone: string, local: number): number =>
  zoneClock(zone).localToUtc(local);
export const localDay = (zone: string, t: number): number => zoneClock(zone).localDay(t);

/** 'YYYY-MM-DD' -> local day number, or NaN if not a real date. */
export function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return NaN;
  return ms / DAY_MS;
}

/** Local day number -> 'YYYY-MM-DD'. */
export function formatDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a local day number: 0 = Monday ... 6 = Sunday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * Parses an ISO-8601 / RFC 3339 instant that carries an offset ("Z", "+01:00", "+0100", "+01"),
 * e.g. "2026-03-02T09:00:00+01:00" or "2026-03-02T08:00:00.250Z". Seconds and fractions are
 * optional; fractions beyond milliseconds are truncated. Returns NaN when the string is not such
 * an instant (a local time without an offset included: it would be ambiguous).
 */
export function parseIsoInstant(s: string): number {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/.exec(
      s,
    );
  if (!m) return NaN;
  const day = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  const h = Number(m[4]),
    mi = Number(m[5]),
    sec = m[6] ? Number(m[6]) : 0;
  if (Number.isNaN(day) || h > 23 || mi > 59 || sec > 59) return NaN;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let off = 0;
  if (!m[8]) {
    const oh = Number(m[10]),
      om = m[11] ? Number(m[11]) : 0;
    if (oh > 23 || om > 59) return NaN;
    off = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return day * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms - off;
}
