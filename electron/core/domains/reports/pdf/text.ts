// electron/core/domains/reports/pdf: the client report's words and numbers in its language. Strings
// come from ./strings (en/da/ru, the same keys); numbers, money, hours, dates and months go through
// Intl with the report's language. Hours and money are formatted from integers (seconds, minor
// units) as exact decimal strings first (shared/billing formatRatio/formatMinor, half up) and only
// then localised, so the PDF shows exactly the figures the time exports show.
import { formatMinor, formatRatio } from '../../../../../shared/billing/money';
import type { ReportLanguage } from '../../../../../shared/ipc/domains/reports';
import { da } from './strings/da';
import { en, type ReportStringKey, type ReportStrings } from './strings/en';
import { ru } from './strings/ru';

export const REPORT_STRINGS: Record<ReportLanguage, ReportStrings> = { en, da, ru };

/** Replaces {name} placeholders; an unknown placeholder stays visible (a test checks none is left). */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type ReportText = ReturnType<typeof reportText>;

export function reportText(lang: ReportLanguage, timeZone: string) {
  const S = REPORT_STRINGS[lang];
  const int = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dec = (places: number) =>
    new Intl.NumberFormat(lang, { minimumFractionDigits: places, maximumFractionDigits: places });
  const t = (key: ReportStringKey, vars?: Record<string, string | number>) => fill(S[key], vars);
  const minutes = (m: number | null): string => {
    if (m == null) return S['unit.none'];
    const whole = Math.round(m);
    if (whole < 60) return t('unit.minutes', { n: int.format(whole) });
    return t('unit.hoursMinutes', { h: int.format(Math.floor(whole / 60)), m: whole % 60 });
  };
  return {
    lang,
    t,
    /** A translated label when the key exists (activities, kinds), else the id as written. */
    label: (prefix: string, id: string) =>
      `${prefix}.${id}` in S ? S[`${prefix}.${id}` as ReportStringKey] : id,
    int: (n: number) => int.format(n),
    /** A percentage given in percent (12.5 → "12.5 %" in the language's style). */
    pct: (p: number | null) => (p == null ? S['unit.none'] : pct.format(p / 100)),
    minutes,
    /** Seconds as decimal hours, 2 places, half up — the time exports' rounding of hours. */
    hours: (seconds: number) =>
      dec(2).format(formatRatio(seconds, 3600, 2) as Intl.StringNumericLiteral),
    /** Minor units of a currency, exact ("1.234,50 EUR" in Danish). */
    money: (minor: number, currency: string, exponent: number) =>
      new Intl.NumberFormat(lang, {
        style: 'currency',
        currency,
        currencyDisplay: 'code',
        minimumFractionDigits: exponent,
        maximumFractionDigits: exponent,
      }).format(formatMinor(minor, exponent) as Intl.StringNumericLiteral),
    date: (ms: number) =>
      new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone }).format(new Date(ms)),
    /** "November 2026" for "2026-11". */
    month: (month: string) => {
      const [y, m] = month.split('-').map(Number) as [number, number];
      return new Intl.DateTimeFormat(lang, {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(Date.UTC(y, m - 1, 15)));
    },
    /** Change of a count against the previous month, in words. */
    delta: (cur: number, prev: number): string => {
      if (cur === prev) return S['delta.same'];
      if (prev === 0) return S['delta.new'];
      const p = pct.format(Math.abs(cur - prev) / prev);
      return t(cur > prev ? 'delta.up' : 'delta.down', { pct: p });
    },
    /** Change of a duration (lower is better). */
    deltaMinutes: (cur: number | null, prev: number | null): string => {
      if (cur == null || prev == null) return S['unit.none'];
      if (Math.round(cur) === Math.round(prev)) return S['delta.same'];
      return t(cur < prev ? 'delta.faster' : 'delta.slower', {
        value: minutes(Math.abs(cur - prev)),
      });
    },
  };
}

/** A feedback theme's name as the report shows it: a built-in kind translated, a client theme as written. */
export function themeName(
  t: { name: string; kind: string; builtin: boolean },
  lang: ReportLanguage,
): string {
  const key = `feedback.kind.${t.kind}`;
  const S = REPORT_STRINGS[lang];
  return t.builtin && key in S ? S[key as ReportStringKey] : t.name;
}
