// build/bench: the business-time calculator against moment-business-time on the same inputs:
// realistic schedules (split days, public holidays, DST zones), starts spread over two years
// (incl. around DST transitions), targets from 15 minutes to 3 business days.
import moment from 'moment-timezone';
import 'moment-business-time';
import { addBusinessMinutes, compileSchedule, expandHolidays, isBusinessMs, type Schedule } from '../../shared/sla';
import { now, prng } from './data';

type Input = { s: number; start: string; minutes: number };

const ZONES: [string, string][] = [
  ['Europe/Copenhagen', 'DK'], ['America/New_York', 'US'], ['Australia/Sydney', 'AU'],
  ['Asia/Kolkata', 'IN'], ['Europe/London', 'GB'], ['America/Los_Angeles', 'US'],
];

export function realisticSchedules(): Schedule[] {
  const out: Schedule[] = [];
  for (const [zone, country] of ZONES) {
    const holidays = expandHolidays({ country, years: [2026, 2027, 2028] });
    const split: Schedule['weekly'] = { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [['09:00', '12:00'], ['13:00', '17:00']], wed: [['09:00', '12:00'], ['13:00', '17:00']], thu: [['09:00', '12:00'], ['13:00', '17:00']], fri: [['09:00', '12:00'], ['13:00', '16:00']], sat: [], sun: [] };
    const long: Schedule['weekly'] = { mon: [['08:00', '20:00']], tue: [['08:00', '20:00']], wed: [['08:00', '20:00']], thu: [['08:00', '20:00']], fri: [['08:00', '20:00']], sat: [['10:00', '14:00']], sun: [] };
    out.push({ timezone: zone, weekly: split, holidays }, { timezone: zone, weekly: long, holidays });
  }
  return out;
}

export function inputs(n: number, schedules: Schedule[], seed = 99): Input[] {
  const rnd = prng(seed);
  const from = Date.parse('2026-01-01T00:00:00Z');
  const span = 2 * 365 * 86400_000;
  const out: Input[] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.floor(rnd() * schedules.length);
    // Whole seconds, like platform timestamps; a quarter near DST transitions (late Mar / late Oct).
    let t = from + Math.floor(rnd() * span / 1000) * 1000;
    if (rnd() < 0.25) t = Date.parse(rnd() < 0.5 ? '2026-03-28T00:00:00Z' : '2026-10-24T00:00:00Z') + Math.floor(rnd() * 3 * 86400) * 1000;
    const minutes = [15, 30, 60, 120, 240, 480, 1440][Math.floor(rnd() * 7)]!;
    out.push({ s, start: new Date(t).toISOString(), minutes });
  }
  return out;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
function peerLocale(sc: Schedule) {
  const workinghours: Record<number, string[] | null> = {};
  DAYS.forEach((d, i) => {
    const iv = sc.weekly[d];
    workinghours[i] = iv.length ? iv.flatMap(([a, b]) => [`${a}:00`, b === '24:00' ? '23:59:59' : `${b}:00`]) : null;
  });
  return { workinghours, holidays: sc.holidays };
}

export async function runSlaBench({ n }: { n: number }) {
  const schedules = realisticSchedules();
  const compiled = schedules.map((s) => compileSchedule(s));
  const list = inputs(n, schedules);
  const byS = schedules.map((_, i) => list.filter((x) => x.s === i));
  // Warm both (JIT, per-day caches, zone data) on a separate sample.
  for (const x of inputs(2000, schedules, 7)) addBusinessMinutes(compiled[x.s]!, x.start, x.minutes);

  const ours: string[][] = [];
  let t = now();
  for (let s = 0; s < schedules.length; s++) ours.push(byS[s]!.map((x) => addBusinessMinutes(compiled[s]!, x.start, x.minutes)));
  const oursMs = now() - t;

  const theirs: string[][] = [];
  const m = moment as unknown as typeof moment & { updateLocale(l: string, d: unknown): void };
  t = now();
  for (let s = 0; s < schedules.length; s++) {
    m.updateLocale('en', peerLocale(schedules[s]!));
    const zone = schedules[s]!.timezone;
    theirs.push(byS[s]!.map((x) => (moment.tz(x.start, zone) as unknown as { addWorkingTime(n: number, u: string): moment.Moment }).addWorkingTime(x.minutes, 'minutes').toISOString()));
  }
  const theirsMs = now() - t;

  // Agreement where the conventions agree: we return the EARLIEST instant the target is met, which
  // is a period's close when the target exactly fills it; moment-business-time returns the close
  // too in some cases and the next opening in others. Inputs ending exactly at a close are counted
  // separately.
  let same = 0, comparable = 0, atClose = 0, sameAtClose = 0;
  for (let s = 0; s < schedules.length; s++) {
    byS[s]!.forEach((_, i) => {
      const a = Date.parse(ours[s]![i]!);
      const b = Date.parse(theirs[s]![i]!);
      const closes = isBusinessMs(compiled[s]!, a - 1) && !isBusinessMs(compiled[s]!, a);
      if (closes) {
        atClose++;
        if (a === b) sameAtClose++;
        return;
      }
      comparable++;
      if (a === b) same++;
    });
  }
  return {
    sla_inputs: n,
    sla_due_per_s: Math.round(n / (oursMs / 1000)),
    peer_due_per_s: Math.round(n / (theirsMs / 1000)),
    sla_vs_peer_ratio: Number((theirsMs / oursMs).toFixed(1)),
    sla_agreement: Number((same / comparable).toFixed(4)),
    sla_agreement_inputs: comparable,
    sla_at_period_close: atClose,
    sla_agreement_at_close: atClose ? Number((sameAtClose / atClose).toFixed(4)) : null,
  };
}
