// @vitest-environment jsdom
// In-app notifications: at most three shown, the rest behind a translated "+N more" counter; a
// toast's timer starts when it is shown, so a waiting toast never expires unseen.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_VISIBLE_TOASTS,
  TOAST_MS,
  Toasts,
  useToasts,
  type Toast,
} from '../../renderer/app/toasts';
import { setLanguage } from '../../renderer/i18n';

let api: ReturnType<typeof useToasts> | null = null;
const opened: number[] = [];

function Harness() {
  const t = useToasts();
  useEffect(() => {
    api = t;
  });
  return (
    <Toasts
      toasts={t.toasts}
      dismiss={t.dismiss}
      dismissAll={t.dismissAll}
      open={(id) => opened.push(id)}
    />
  );
}

const push = (n: number, from = 1) =>
  act(() => {
    for (let i = from; i < from + n; i++)
      api!.push({
        kind: 'breach',
        title: `Breach ${i}`,
        body: `Question ${i}`,
        conversationId: i,
      } satisfies Omit<Toast, 'id'>);
  });
const titles = () =>
  screen.queryAllByTestId('toast').map((el) => el.querySelector('strong')!.textContent);
const more = () => screen.queryByTestId('toast-more')?.querySelector('span')?.textContent ?? null;

beforeEach(() => {
  setLanguage('en');
  opened.length = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  api = null;
});

describe('toasts', () => {
  it('shows at most three, newest last, and counts the others', () => {
    render(<Harness />);
    push(2);
    expect(titles()).toEqual(['Breach 1', 'Breach 2']);
    expect(more()).toBeNull();
    push(3, 3);
    expect(MAX_VISIBLE_TOASTS).toBe(3);
    expect(titles()).toEqual(['Breach 3', 'Breach 4', 'Breach 5']);
    expect(more()).toBe('+2 more');
  });

  it('a dismissed toast makes room for a waiting one; Dismiss all clears every toast', () => {
    render(<Harness />);
    push(5);
    fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[2]!);
    expect(titles()).toEqual(['Breach 2', 'Breach 3', 'Breach 4']);
    expect(more()).toBe('+1 more');
    fireEvent.click(screen.getAllByRole('button', { name: 'Open' })[0]!);
    expect(opened).toEqual([2]);
    expect(titles()).toEqual(['Breach 1', 'Breach 3', 'Breach 4']);
    expect(more()).toBeNull();
    push(2, 6);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss all' }));
    expect(titles()).toEqual([]);
  });

  it('expires a toast TOAST_MS after it is shown; waiting toasts start their time when they appear', () => {
    render(<Harness />);
    push(4);
    expect(titles()).toEqual(['Breach 2', 'Breach 3', 'Breach 4']);
    act(() => {
      vi.advanceTimersByTime(TOAST_MS - 1);
    });
    expect(titles()).toHaveLength(3);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    // The three shown expired; Breach 1, waiting until now, is shown with a fresh timer.
    expect(titles()).toEqual(['Breach 1']);
    act(() => {
      vi.advanceTimersByTime(TOAST_MS - 1);
    });
    expect(titles()).toEqual(['Breach 1']);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(titles()).toEqual([]);
  });

  it('the counter is translated', () => {
    render(<Harness />);
    push(5);
    act(() => setLanguage('da'));
    expect(more()).toBe('+2 mere');
    act(() => setLanguage('ru'));
    expect(more()).toBe('ещё 2');
    expect(screen.getByRole('region', { name: 'Уведомления' })).toBeTruthy();
  });
});
