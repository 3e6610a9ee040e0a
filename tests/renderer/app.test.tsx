// @vitest-environment jsdom
// The console against an in-memory core: queue, keyboard triage, composer, help, i18n.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/app/App';
import { makeQueryClient, Providers } from '../../renderer/app/providers';
import i18n, { setLanguage } from '../../renderer/i18n';
import { resetUiStore, useUiStore } from '../../renderer/store/useUiStore';
import { fakeTransport } from './fakeTransport';

// jsdom has no layout: give the virtualized list a size so rows render.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(500);
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(800);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(500);
  Element.prototype.scrollTo = () => {};
  HTMLElement.prototype.getBoundingClientRect = () => ({ x: 0, y: 0, width: 500, height: 800, top: 0, left: 0, right: 500, bottom: 800, toJSON() {} }) as DOMRect;
  resetUiStore();
  setLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function mount(n = 30) {
  const fake = fakeTransport(n);
  render(
    <Providers transport={fake.transport} queryClient={makeQueryClient()}>
      <App />
    </Providers>,
  );
  return fake;
}
const key = (k: string) => act(() => { fireEvent.keyDown(window, { key: k }); });

describe('console', () => {
  it('renders the queue from queue.list, ordered as the core returns it', async () => {
    mount();
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0]!.textContent).toContain('Question 1');
    expect(rows[0]!.textContent).toContain('Northwind');
    await waitFor(() => expect(document.documentElement.dataset.ready).toBe('1'));
  });

  it('j / k move the selection and the pane shows the selected conversation', async () => {
    mount();
    await screen.findAllByTestId('queue-row');
    key('j');
    await waitFor(() => expect(screen.getByTestId('conversation-title').textContent).toBe('Question 1'));
    key('j');
    key('j');
    await waitFor(() => expect(screen.getByTestId('conversation-title').textContent).toBe('Question 3'));
    key('k');
    await waitFor(() => expect(screen.getByTestId('conversation-title').textContent).toBe('Question 2'));
    const selected = document.querySelector('[data-testid="queue-row"][aria-selected="true"]');
    expect(selected?.getAttribute('data-conversation-id')).toBe('2');
  });

  it('inbound HTML is sanitized in the thread: no script, remote image blocked', async () => {
    mount();
    await screen.findAllByTestId('queue-row');
    key('j');
    const msg = await screen.findByTestId('message');
    expect(msg.querySelector('script')).toBeNull();
    expect(msg.querySelector('img')).toBeNull();
    expect(msg.textContent).toContain('Remote image blocked');
  });

  it('e solves the selected conversation and moves on', async () => {
    const fake = mount();
    await screen.findAllByTestId('queue-row');
    key('j');
    await screen.findByTestId('message');
    key('e');
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'conversations.setStatus' && c.input.id === 1 && c.input.status === 'solved')).toBe(true));
    expect(useUiStore.getState().selectedIndex).toBe(1);
  });

  it('the composer autosaves the draft and Send queues the reply with a unique idempotency key', async () => {
    const fake = mount();
    await screen.findAllByTestId('queue-row');
    key('j');
    const composer = (await screen.findByTestId('composer')) as HTMLTextAreaElement;
    fireEvent.change(composer, { target: { value: 'Thanks, we are on it.' } });
    await waitFor(() => expect(fake.drafts.get(1)).toBe('Thanks, we are on it.'), { timeout: 2000 });
    fireEvent.click(screen.getByTestId('send-button'));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'replies.send')).toHaveLength(1));
    fireEvent.change(composer, { target: { value: 'Second reply' } });
    fireEvent.click(screen.getByTestId('send-button'));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'replies.send')).toHaveLength(2));
    const sends = fake.calls.filter((c) => c.method === 'replies.send');
    expect(sends[0]!.input).toMatchObject({ conversationId: 1, body: 'Thanks, we are on it.', thenStatus: 'pending' });
    expect(sends[0]!.input.idempotencyKey).not.toBe(sends[1]!.input.idempotencyKey);
  });

  it('? opens the shortcut help and Escape closes it', async () => {
    mount();
    await screen.findAllByTestId('queue-row');
    key('?');
    expect(screen.getByTestId('shortcut-help')).toBeTruthy();
    key('Escape');
    expect(screen.queryByTestId('shortcut-help')).toBeNull();
  });

  it('switching to Danish changes the shell strings', async () => {
    mount();
    await screen.findAllByTestId('queue-row');
    expect(screen.getByText('Queue')).toBeTruthy();
    act(() => setLanguage('da'));
    await waitFor(() => expect(screen.getByText('Kø')).toBeTruthy());
    expect(i18n.language).toBe('da');
  });

  it('handles 100,000 conversations while rendering only the visible rows', async () => {
    mount(100_000);
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows.length).toBeLessThan(100);
  });
});
