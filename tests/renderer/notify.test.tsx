// @vitest-environment jsdom
// SLA notifications are shown in the agent's language (the core sends metric and client).
import { afterEach, describe, expect, it } from 'vitest';
import { notifyTitle } from '../../renderer/app/providers';
import { setLanguage } from '../../renderer/i18n';

afterEach(() => setLanguage('en'));

describe('notification titles', () => {
  it('translates SLA warnings and breaches; other notices pass through', () => {
    const breach = {
      kind: 'breach' as const,
      title: 'First reply SLA breached — Acme',
      body: 'x',
      metric: 'first_reply' as const,
      client: 'Acme',
    };
    expect(notifyTitle(breach)).toBe('First reply SLA breached — Acme');
    setLanguage('da');
    expect(notifyTitle(breach)).not.toBe('First reply SLA breached — Acme');
    expect(notifyTitle(breach)).toContain('Acme');
    expect(notifyTitle({ kind: 'info', title: 'Plain', body: '' })).toBe('Plain');
  });
});

describe('notification clicks (desktop)', () => {
  it('opens the clicked conversation', async () => {
    const { render, act } = await import('@testing-library/react');
    const { Providers, makeQueryClient } = await import('../../renderer/app/providers');
    const { fakeTransport } = await import('./fakeTransport');
    const { useUiStore, resetUiStore } = await import('../../renderer/store/useUiStore');
    resetUiStore();
    const fake = fakeTransport(3);
    render(
      <Providers transport={fake.transport} queryClient={makeQueryClient()}>
        <div />
      </Providers>,
    );
    act(() => fake.emit({ name: 'notification.clicked', payload: { conversationId: 2 } }));
    expect(useUiStore.getState().selectedId).toBe(2);
    expect(useUiStore.getState().view).toBe('queue');
  });
});
