// @vitest-environment jsdom
// The console when the host restarted a core that died: `app.reconnected` refetches every query and
// shows a polite, translated, dismissible banner that goes away by itself.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coreStatus } from '../../renderer/api/coreStatus';
import { App } from '../../renderer/app/App';
import { RECONNECTED_BANNER_MS } from '../../renderer/app/CoreReconnected';
import { makeQueryClient, Providers } from '../../renderer/app/providers';
import { setLanguage } from '../../renderer/i18n';
import { resetUiStore } from '../../renderer/store/useUiStore';
import { fakeTransport } from './fakeTransport';

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(500);
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(800);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(500);
  Element.prototype.scrollTo = () => {};
  resetUiStore();
  setLanguage('en');
  coreStatus.dismiss();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function mount() {
  const fake = fakeTransport(10);
  render(
    <Providers transport={fake.transport} queryClient={makeQueryClient()}>
      <App />
    </Providers>,
  );
  return fake;
}

const reconnected = {
  name: 'app.reconnected' as const,
  payload: { restarts: 1, at: new Date().toISOString() },
};

describe('core reconnected', () => {
  it('refetches the queue and says the core restarted, in the chosen language; Dismiss hides it', async () => {
    const fake = mount();
    await screen.findAllByTestId('queue-row');
    expect(screen.queryByTestId('core-reconnected')).toBeNull();
    const before = fake.callsTo('queue.list').length + fake.callsTo('app.info').length;
    act(() => fake.emit(reconnected));
    const banner = await screen.findByTestId('core-reconnected');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toMatch(/restarted/);
    await waitFor(() =>
      expect(fake.callsTo('queue.list').length + fake.callsTo('app.info').length).toBeGreaterThan(
        before,
      ),
    );
    act(() => setLanguage('da'));
    expect(screen.getByTestId('core-reconnected').textContent).toMatch(/genstartet/);
    fireEvent.click(screen.getByRole('button', { name: /^Luk$/ }));
    expect(screen.queryByTestId('core-reconnected')).toBeNull();
  });

  it('goes away by itself after a while', async () => {
    mount();
    await screen.findAllByTestId('queue-row');
    vi.useFakeTimers();
    act(() => coreStatus.reconnected(Date.now()));
    expect(screen.getByTestId('core-reconnected')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(RECONNECTED_BANNER_MS - 1);
    });
    expect(screen.queryByTestId('core-reconnected')).not.toBeNull();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(screen.queryByTestId('core-reconnected')).toBeNull();
  });
});
