// @vitest-environment jsdom
// Live durations: formatting in the active language, countdown states, one shared ticker.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Countdown } from '../../renderer/components/Countdown';
import { formatDuration } from '../../renderer/components/time';
import { setLanguage } from '../../renderer/i18n';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  setLanguage('en');
});

describe('formatDuration', () => {
  it('minutes, hours, days; a minus sign once overdue; in the active language', () => {
    expect(formatDuration(-12 * 60_000, 'en')).toBe('−12m');
    expect(formatDuration(45 * 60_000, 'en')).toBe('45m');
    expect(formatDuration((3 * 60 + 20) * 60_000, 'en')).toBe('3h 20m');
    expect(formatDuration((2 * 24 + 4) * 3600_000, 'en')).toBe('2d 4h');
    expect(formatDuration(-12 * 60_000, 'ru')).toBe('−12 мин');
    expect(formatDuration(3 * 3600_000, 'da')).toBe('3 t 0 m');
  });
});

describe('Countdown', () => {
  it('counts down live on one shared 1-second ticker, amber under 15 minutes, red once overdue', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const intervals = vi.spyOn(globalThis, 'setInterval');
    const due = (min: number) =>
      new Date(Date.parse('2026-11-22T10:00:00Z') + min * 60_000).toISOString();
    const { container } = render(
      <div>
        <Countdown dueAt={due(15.5)} />
        {Array.from({ length: 50 }, (_, i) => (
          <Countdown key={i} dueAt={due(60 + i)} />
        ))}
        <Countdown dueAt={null} />
        <Countdown dueAt={due(5)} paused />
      </div>,
    );
    expect(intervals).toHaveBeenCalledTimes(1);
    const first = () => container.querySelector('[data-testid="countdown"]')!;
    expect(first().getAttribute('data-state')).toBe('ok');
    expect(first().textContent).toBe('15m');
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(first().getAttribute('data-state')).toBe('soon');
    expect(first().textContent).toBe('14m');
    act(() => {
      vi.advanceTimersByTime(28 * 60_000);
    });
    expect(first().getAttribute('data-state')).toBe('overdue');
    expect(first().textContent).toBe('−13m');
    expect(first().className).toContain('overdue');
    expect(container.querySelector('.countdown.paused')!.textContent).toBe('paused');
    expect(intervals).toHaveBeenCalledTimes(1);
  });

  it('the hover title shows the due time in the client zone and the agent zone', () => {
    const { container } = render(<Countdown dueAt="2026-11-22T10:00:00Z" zone="Asia/Tokyo" />);
    const title = container.querySelector('[data-testid="countdown"]')!.getAttribute('title')!;
    expect(title).toContain('Asia/Tokyo');
    expect(title).toContain('7:00'); // 19:00 in Tokyo
  });
});
