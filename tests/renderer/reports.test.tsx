// @vitest-environment jsdom
// The Reports tab's pure parts: a picked month / quarter / custom range as instants in a zone (DST
// months, year wrap, refused input), the change against the previous period, the figures' Intl
// formatting per UI language, and the change line that says its direction in words, not colour.
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Change, Kpi } from '../../renderer/features/reports/parts';
import {
  delta,
  formatCount,
  formatMinutes,
  formatPct,
  formatSignedRatio,
  periodBounds,
  quarterOf,
} from '../../renderer/features/reports/period';
import { setLanguage } from '../../renderer/i18n';
import { actionFor, SHORTCUTS } from '../../renderer/features/shortcuts/shortcuts';

afterEach(() => {
  cleanup();
  setLanguage('en');
});

describe('periodBounds', () => {
  it('a month is [local midnight of the 1st, local midnight of the next 1st) in the zone', () => {
    // Copenhagen is UTC+1 in November.
    expect(periodBounds({ kind: 'month', month: '2026-11' }, 'Europe/Copenhagen')).toEqual({
      from: '2026-10-31T23:00:00.000Z',
      to: '2026-11-30T23:00:00.000Z',
    });
    // March 2026 starts in winter time (UTC+1) and ends in summer time (UTC+2, from 29 March).
    expect(periodBounds({ kind: 'month', month: '2026-03' }, 'Europe/Copenhagen')).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    });
    // December wraps into the next year; UTC is plain midnights.
    expect(periodBounds({ kind: 'month', month: '2026-12' }, 'UTC')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('a quarter is its three months; a custom range includes both days', () => {
    // New York: UTC−4 until 1 November 2026, UTC−5 after.
    expect(periodBounds({ kind: 'quarter', quarter: '2026-Q4' }, 'America/New_York')).toEqual({
      from: '2026-10-01T04:00:00.000Z',
      to: '2027-01-01T05:00:00.000Z',
    });
    expect(
      periodBounds({ kind: 'custom', fromDay: '2026-11-02', toDay: '2026-11-02' }, 'Asia/Tokyo'),
    ).toEqual({ from: '2026-11-01T15:00:00.000Z', to: '2026-11-02T15:00:00.000Z' });
    expect(quarterOf('2026-11')).toBe('2026-Q4');
    expect(quarterOf('2026-01')).toBe('2026-Q1');
  });

  it('refuses malformed picks, dates that do not exist and ranges that end before they start', () => {
    expect(periodBounds({ kind: 'month', month: '2026-13' }, 'UTC')).toEqual({ error: 'format' });
    expect(periodBounds({ kind: 'quarter', quarter: '2026-Q5' }, 'UTC')).toEqual({
      error: 'format',
    });
    expect(
      periodBounds({ kind: 'custom', fromDay: '2026-02-30', toDay: '2026-03-02' }, 'UTC'),
    ).toEqual({ error: 'format' });
    expect(periodBounds({ kind: 'custom', fromDay: '', toDay: '2026-03-02' }, 'UTC')).toEqual({
      error: 'format',
    });
    expect(
      periodBounds({ kind: 'custom', fromDay: '2026-03-02', toDay: '2026-03-01' }, 'UTC'),
    ).toEqual({ error: 'order' });
  });
});

describe('delta', () => {
  it('direction, difference and relative change against the previous period', () => {
    expect(delta(15, 12)).toEqual({ direction: 'up', diff: 3, ratio: 0.25 });
    expect(delta(9, 12)).toEqual({ direction: 'down', diff: -3, ratio: -0.25 });
    expect(delta(12, 12)).toEqual({ direction: 'same', diff: 0, ratio: 0 });
    // From nothing: a change, but no ratio to show.
    expect(delta(4, 0)).toEqual({ direction: 'up', diff: 4, ratio: null });
    // A figure that was not measured in either period has nothing to compare.
    expect(delta(null, 12)).toEqual({ direction: 'none', diff: null, ratio: null });
    expect(delta(80, null).direction).toBe('none');
  });
});

describe('formatting in the UI language', () => {
  it('counts, percentages, minutes and durations through Intl', () => {
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(formatCount(12345, 'da')).toBe('12.345');
    expect(formatCount(12345, 'ru')).toBe('12\u00a0345');
    expect(formatPct(87.5, 'en')).toBe('87.5%');
    expect(formatPct(87.5, 'da')).toBe('87,5\u00a0%');
    expect(formatPct(100 / 3, 'en')).toBe('33.3%');
    expect(formatSignedRatio(0.25, 'en')).toBe('+25%');
    expect(formatSignedRatio(-0.5, 'en')).toBe('-50%');
    expect(formatMinutes(12.25, 'en')).toBe('12.3 min');
    expect(formatMinutes(0, 'en')).toBe('0 min');
    expect(formatMinutes(185, 'en')).toBe('3 hr 5 min');
    expect(formatMinutes(52 * 60, 'en')).toBe('2 days 4 hr');
    expect(formatMinutes(-90, 'en')).toBe('−1 hr 30 min');
    expect(formatMinutes(185, 'da')).toBe('3 t. 5 min.');
    expect(formatMinutes(185, 'ru')).toBe('3 ч 5 мин');
  });
});

describe('the change line', () => {
  const fmt = (v: number) => formatCount(v, 'en');
  const diff = (v: number) => (v > 0 ? `+${v}` : String(v));

  it('says the direction in words for screen readers, shows arrow, difference, ratio and the previous value', () => {
    const { getByTestId } = render(
      <Change current={15} previous={12} format={fmt} diffText={diff} testId="c" />,
    );
    const c = getByTestId('c');
    expect(c.getAttribute('data-direction')).toBe('up');
    expect(c.querySelector('.sr-only')!.textContent).toBe('up');
    expect(c.querySelector('[aria-hidden="true"]')!.textContent).toBe('▲');
    expect(c.textContent).toBe('▲ up +3 (+25%) · previous: 12');
  });

  it('down, unchanged and not comparable read differently; percentages show points without a ratio', () => {
    const { getByTestId, rerender } = render(
      <Change current={9} previous={12} format={fmt} diffText={diff} testId="c" />,
    );
    expect(getByTestId('c').textContent).toBe('▼ down -3 (-25%) · previous: 12');
    rerender(<Change current={12} previous={12} format={fmt} diffText={diff} testId="c" />);
    expect(getByTestId('c').textContent).toBe('= no change · previous: 12');
    rerender(<Change current={null} previous={12} format={fmt} diffText={diff} testId="c" />);
    expect(getByTestId('c').textContent).toBe('no comparison previous: 12');
    rerender(
      <Change
        current={90}
        previous={80}
        format={(v) => formatPct(v, 'en')}
        diffText={(d) => `+${d} pp`}
        ratio={false}
        testId="c"
      />,
    );
    expect(getByTestId('c').textContent).toBe('▲ up +10 pp · previous: 80%');
  });

  it('a figure in Danish: its value, its (?) described by how it is computed, the change in Danish', () => {
    setLanguage('da');
    const { getByTestId, getByRole } = render(
      <Kpi
        id="x"
        label="Beskeder ind"
        how="Beskeder fra medlemmer."
        current={1234}
        previous={1000}
        format={(v) => formatCount(v, 'da')}
        diffText={(d) => `+${formatCount(d, 'da')}`}
      />,
    );
    expect(getByTestId('kpi-x-value').textContent).toBe('1.234');
    expect(getByTestId('kpi-x-change').textContent).toBe('▲ op +234 (+23\u00a0%) · før: 1.000');
    const button = getByRole('button');
    expect(button.getAttribute('aria-label')).toBe('Sådan beregnes „Beskeder ind“');
    const tip = document.getElementById(button.getAttribute('aria-describedby')!)!;
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.textContent).toBe('Beskeder fra medlemmer.');
  });
});

describe('the Reports tab shortcut', () => {
  it('the digits open the tabs in the top bar order (4 = Reports); not with Ctrl, Alt or Meta', () => {
    const key = (k: string, mod: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) =>
      actionFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mod });
    expect(['1', '2', '3', '4', '5'].map((k) => key(k))).toEqual([
      'view_queue',
      'view_board',
      'view_time',
      'view_reports',
      'view_settings',
    ]);
    expect(key('4', { altKey: true })).toBeUndefined();
    expect(key('4', { ctrlKey: true })).toBeUndefined();
    expect(SHORTCUTS.find((s) => s.action === 'view_reports')?.label).toBe('4');
  });
});
