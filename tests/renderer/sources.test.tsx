// @vitest-environment jsdom
// The generated source form (Settings → Sources) and the capability-driven composer, against the
// in-memory fake core: fields come from the connectors' declarations (labels in the UI language,
// `when` conditions, required marks), secrets are write-only, Test connection shows the translated
// reason, Remove asks first; Send appears only where the source's connector can reply, with a
// counter against its length limit.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/app/App';
import { makeQueryClient, Providers } from '../../renderer/app/providers';
import { setLanguage } from '../../renderer/i18n';
import { resetUiStore } from '../../renderer/store/useUiStore';
import { fakeTransport } from './fakeTransport';

// jsdom has no layout: give the virtualized list a size so rows render.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(500);
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(800);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(500);
  Element.prototype.scrollTo = () => {};
  HTMLElement.prototype.getBoundingClientRect = () =>
    ({
      x: 0,
      y: 0,
      width: 500,
      height: 800,
      top: 0,
      left: 0,
      right: 500,
      bottom: 800,
      toJSON() {},
    }) as DOMRect;
  localStorage.clear();
  resetUiStore();
  setLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  setLanguage('en');
});

function mount(opts: Parameters<typeof fakeTransport>[1] = {}) {
  const fake = fakeTransport(5, opts);
  render(
    <Providers transport={fake.transport} queryClient={makeQueryClient()}>
      <App />
    </Providers>,
  );
  return fake;
}

async function openSettings() {
  await screen.findAllByTestId('queue-row');
  fireEvent.click(screen.getByTestId('nav-settings'));
  return screen.findByTestId('add-source');
}

describe('the generated source form', () => {
  it('renders the chosen connector’s fields in order with `when` conditions, tests the connection, adds, and never shows a secret again', async () => {
    const fake = mount();
    const form = await openSettings();
    await waitFor(() =>
      expect(within(form).getByTestId('platform-select')).toHaveProperty('value', 'forumly'),
    );
    // Declared order, required marks, help text tied to its field.
    const keys = () =>
      [...form.querySelectorAll('[data-field]')].map((e) => (e as HTMLElement).dataset.field);
    expect(keys()).toEqual([
      'name',
      'baseUrl',
      'mode',
      'account',
      'token',
      'boards',
      'pages',
      'drafts',
    ]);
    const account = within(form).getByLabelText(/Account/) as HTMLInputElement;
    expect(account.labels![0]!.textContent).toContain('*');
    expect(document.getElementById(account.getAttribute('aria-describedby')!)!.textContent).toBe(
      'The account replies are posted as.',
    );
    const token = within(form).getByLabelText(/^Token/) as HTMLInputElement;
    expect(token.type).toBe('password');
    // `when`: the token only for the token sign-in.
    fireEvent.change(within(form).getByLabelText(/Sign-in/), { target: { value: 'none' } });
    expect(within(form).queryByLabelText(/^Token/)).toBeNull();
    fireEvent.change(within(form).getByLabelText(/Sign-in/), { target: { value: 'token' } });

    // Required fields are announced before anything goes out.
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'Some fields need attention.',
    );
    expect(within(form).getByTestId('field-account').getAttribute('aria-invalid')).toBe('true');
    expect(fake.callsTo('sources.add')).toHaveLength(0);

    fireEvent.change(within(form).getByTestId('field-name'), { target: { value: 'Pixel Boards' } });
    fireEvent.change(within(form).getByTestId('field-account'), { target: { value: 'steward' } });
    fireEvent.change(within(form).getByTestId('field-boards'), {
      target: { value: 'help\n\nbugs \n' },
    });
    fireEvent.change(within(form).getByTestId('field-pages'), { target: { value: '3' } });
    fireEvent.click(within(form).getByTestId('field-drafts'));
    fireEvent.change(within(form).getByTestId('field-token'), {
      target: { value: 'wrong-token-123' },
    });
    fireEvent.click(within(form).getByTestId('test-connection'));
    const failed = await within(form).findByTestId('test-result');
    expect(failed.dataset.reason).toBe('auth');
    expect(failed.textContent).toContain('The platform refused the credentials');
    fireEvent.change(within(form).getByTestId('field-token'), { target: { value: 'good-token' } });
    fireEvent.click(within(form).getByTestId('test-connection'));
    await waitFor(() =>
      expect(within(form).getByTestId('test-result').textContent).toContain(
        'Connected as steward-bot.',
      ),
    );
    expect(fake.callsTo('sources.test').at(-1)!.input).toMatchObject({
      platform: 'forumly',
      config: {
        mode: 'token',
        account: 'steward',
        boards: ['help', 'bugs'],
        pages: 3,
        drafts: true,
      },
      secrets: { token: 'good-token' },
    });

    fireEvent.submit(form);
    await waitFor(() => expect(fake.callsTo('sources.add')).toHaveLength(1));
    expect(fake.callsTo('sources.add')[0]!.input).toMatchObject({
      clientId: 1,
      platform: 'forumly',
      name: 'Pixel Boards',
      config: { account: 'steward' },
      secrets: { token: 'good-token' },
    });
    expect((await screen.findByTestId('source-added')).textContent).toContain('stored encrypted');
    expect((within(form).getByTestId('field-token') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(screen.getAllByTestId('source-row')).toHaveLength(2));
    expect(screen.getAllByTestId('source-row')[1]!.textContent).toContain('Forumly');
    expect(document.body.innerHTML).not.toContain('good-token');
  });

  it('labels come from the connector in the UI language', async () => {
    mount();
    setLanguage('ru');
    const form = await openSettings();
    await waitFor(() =>
      expect(within(form).getByTestId('platform-select').textContent).toContain('Форумли'),
    );
    expect(within(form).getByLabelText(/Account \(ru\)/)).toBeTruthy();
  });

  it('an existing source shows its secret as set — replace, saves only what changed, and Remove asks first', async () => {
    const fake = mount();
    await openSettings();
    const row = (await screen.findAllByTestId('source-row'))[0]!;
    fireEvent.click(within(row).getByTestId('edit-source-button'));
    const form = await screen.findByTestId('edit-source');
    // The stored secret is not a field with a value: "set — replace".
    expect(within(form).getByTestId('secret-set-apiKey').textContent).toContain(
      'Set (stored encrypted)',
    );
    expect(within(form).queryByTestId('field-apiKey')).toBeNull();
    fireEvent.change(within(form).getByTestId('field-name'), {
      target: { value: 'Northwind Community' },
    });
    fireEvent.submit(form);
    await waitFor(() => expect(fake.callsTo('sources.update')).toHaveLength(1));
    expect(fake.callsTo('sources.update')[0]!.input).not.toHaveProperty('secrets');
    expect(fake.callsTo('sources.update')[0]!.input).toMatchObject({
      id: 1,
      name: 'Northwind Community',
    });

    const remove = within((await screen.findAllByTestId('source-row'))[0]!).getByTestId(
      'remove-source',
    );
    fireEvent.click(remove);
    const confirm = await screen.findByTestId('confirm-remove');
    expect(confirm.textContent).toContain('Its conversations are deleted from this computer.');
    expect(fake.callsTo('sources.remove')).toHaveLength(0);
    fireEvent.click(within(confirm).getByTestId('confirm-remove-yes'));
    await waitFor(() => expect(fake.callsTo('sources.remove')).toHaveLength(1));
  });
});

describe('capabilities drive the composer', () => {
  async function openConversation() {
    const rows = await screen.findAllByTestId('queue-row');
    fireEvent.click(rows[0]!);
    return screen.findByTestId('composer');
  }

  it('counts against the platform limit, warns near it and blocks Send over it', async () => {
    const fake = mount({ capabilities: { maxReplyLength: 20 } });
    const composer = await openConversation();
    const counter = await screen.findByTestId('reply-counter');
    expect(counter.textContent).toBe('0 / 20');
    fireEvent.change(composer, { target: { value: 'x'.repeat(18) } });
    expect(counter.dataset.state).toBe('near');
    fireEvent.change(composer, { target: { value: 'x'.repeat(21) } });
    expect(counter.dataset.state).toBe('over');
    expect((await screen.findByTestId('too-long')).textContent).toContain('at most 20 characters');
    expect(screen.getByTestId('send-button')).toHaveProperty('disabled', true);
    act(() => {
      fireEvent.keyDown(composer, { key: 'Enter', ctrlKey: true });
    });
    expect(fake.callsTo('replies.send')).toHaveLength(0);
    fireEvent.change(composer, { target: { value: 'x'.repeat(20) } });
    fireEvent.click(screen.getByTestId('send-button'));
    await waitFor(() => expect(fake.callsTo('replies.send')).toHaveLength(1));
  });

  it('where the platform takes no replies: no Send, a line saying so, and notes still work', async () => {
    const fake = mount({ capabilities: { reply: false, maxReplyLength: 0 } });
    const composer = await openConversation();
    expect(screen.queryByTestId('send-button')).toBeNull();
    expect(screen.queryByTestId('reply-counter')).toBeNull();
    expect(screen.getByTestId('reply-on-platform').textContent).toContain(
      'happen on the platform itself',
    );
    fireEvent.change(composer, { target: { value: 'Seen it on the platform' } });
    fireEvent.click(screen.getByTestId('note-button'));
    await waitFor(() => expect(fake.callsTo('notes.add')).toHaveLength(1));
    expect(fake.callsTo('replies.send')).toHaveLength(0);
  });
});
