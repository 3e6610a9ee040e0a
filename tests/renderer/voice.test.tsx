// @vitest-environment jsdom
// The composer's voice features against an in-memory core (the contract's shapes; the real shared
// linter, templates, language detection and search): the `#` picker's ranking (shortcut prefix,
// then title, then body; this agent's uses first; before typing, the responses most similar to the
// member's last message), insertion in the member's language with placeholders filled and prompted
// inputs, Tab through unfilled holes, holes blocking Send, guideline findings highlighted with
// one-key fixes, and an error blocking Send until the agent gives a reason (sent as the override).
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ResponseRecord } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { makeQueryClient, Providers } from '../../renderer/app/providers';
import { Composer } from '../../renderer/features/conversation/Composer';
import { setLanguage } from '../../renderer/i18n';
import { fakeTransport } from './fakeTransport';

const at = '2026-11-18T09:00:00.000Z';
const resp = (
  id: string,
  shortcut: string,
  title: string,
  variants: ResponseRecord['variants'],
): ResponseRecord => ({
  id,
  clientId: 1,
  overrides: null,
  shortcut,
  title,
  folder: '',
  tags: [],
  variants,
  createdAt: at,
  updatedAt: at,
});
const LIBRARY: ResponseRecord[] = [
  resp('refund', 'refund', 'Refund on its way', [
    {
      locale: 'en',
      platform: null,
      body: 'Hi {{member.first_name | "there"}}, we refunded order {{input "Order number"}} ({{input "Amount"}}). {{agent.first_name}}',
    },
    {
      locale: 'da',
      platform: null,
      body: 'Hej {{member.first_name | "med dig"}}, vi har refunderet ordre {{input "Order number"}} ({{input "Amount"}}). Pengene er tilbage på dit kort. {{agent.first_name}}',
    },
  ]),
  resp('refund-late', 'refund-late', 'Late refund', [
    { locale: 'en', platform: null, body: 'Sorry the refund is late.' },
  ]),
  resp('password', 'password', 'Reset your password', [
    { locale: 'en', platform: null, body: 'Use "Forgot password" on the sign-in page.' },
  ]),
  resp('hours', 'hours', 'When we answer', [
    { locale: 'en', platform: null, body: 'We answer on weekdays; a refund takes five days.' },
  ]),
];
const GUIDELINE = {
  version: 1 as const,
  rules: [
    {
      id: 'members',
      kind: 'substitution' as const,
      swap: { users: 'members' },
      ignoreCase: true,
      message: 'Say "{suggestion}", not "{match}"',
      severity: 'error' as const,
    },
    {
      id: 'bang',
      kind: 'occurrence' as const,
      token: '!',
      max: 0,
      ignoreCase: true,
      replaceWith: '.',
      message: 'No exclamation marks',
      severity: 'warning' as const,
    },
  ],
};

function mount(usage: Record<string, number> = {}) {
  const fake = fakeTransport(3);
  const inner = fake.transport.invoke.bind(fake.transport);
  fake.transport.invoke = async (method, input): Promise<Result<unknown>> => {
    if (method === 'responses.library')
      return (
        fake.calls.push({ method, input: input as Record<string, unknown> }),
        { ok: true, value: { responses: LIBRARY, usage, totals: usage } }
      );
    if (method === 'guidelines.get')
      return {
        ok: true,
        value: {
          clientId: 1,
          format: 'json',
          source: JSON.stringify(GUIDELINE),
          guideline: GUIDELINE,
          updatedAt: at,
        },
      };
    if (method === 'responses.used')
      return (
        fake.calls.push({ method, input: input as Record<string, unknown> }),
        { ok: true, value: { uses: 1 } }
      );
    const r = await inner(method, input);
    if (method === 'conversations.get' && r.ok) {
      // The member writes Danish about a refund.
      const d = r.value as ConversationDetail;
      d.messages[0]!.bodyText =
        'Hej, hvor er min refusion? Jeg vil gerne have pengene tilbage på mit kort for ordren.';
      d.member!.displayName = 'Maria Holm';
    }
    return r;
  };
  render(
    <Providers transport={fake.transport} queryClient={makeQueryClient()}>
      <Composer
        conversationId={1}
        initialDraft=""
        capabilities={{
          reply: true,
          platformNotes: false,
          moderation: [],
          push: false,
          replyFormat: 'markdown',
          maxReplyLength: 32000,
        }}
      />
    </Providers>,
  );
  return fake;
}

const box = () => screen.getByTestId('composer') as HTMLTextAreaElement;
/** Types `value` as the whole text, caret at the end (what an input event reports). */
const type = (value: string) =>
  act(() => {
    const el = box();
    el.focus();
    fireEvent.change(el, {
      target: { value, selectionStart: value.length, selectionEnd: value.length },
    });
  });
const key = (k: string, init: KeyboardEventInit = {}) =>
  act(() => void fireEvent.keyDown(box(), { key: k, ...init }));
const options = () =>
  screen.queryAllByTestId('canned-option').map((o) => o.getAttribute('data-shortcut'));

beforeEach(() => setLanguage('en'));
afterEach(() => cleanup());

describe('the # picker', () => {
  it("before anything is typed, lists the responses most similar to the member's last message; shows the member's language", async () => {
    mount();
    await waitFor(() =>
      expect(screen.getByTestId('member-language').textContent).toBe('Member writes Danish'),
    );
    await waitFor(() => expect(screen.getByTestId('voice-bar')).toBeTruthy());
    type('#');
    await waitFor(() => expect(options()[0]).toBe('refund'));
    expect(screen.getByTestId('canned-picker').textContent).toContain(
      "Suggested for the member's last message",
    );
  });

  it("ranks shortcut prefixes first (this agent's most used first), then titles, then bodies", async () => {
    mount({ 'refund-late': 7 });
    await waitFor(() =>
      expect(screen.getByTestId('member-language').textContent).toContain('Danish'),
    );
    type('Hello #ref');
    await waitFor(() => expect(options()).toEqual(['refund-late', 'refund', 'hours']));
    type('Hello #reset');
    await waitFor(() => expect(options()).toEqual(['password']));
    // The textarea drives the listbox: aria-activedescendant names the active option.
    const listbox = screen.getByRole('listbox');
    expect(box().getAttribute('aria-controls')).toBe(listbox.id);
    expect(box().getAttribute('aria-activedescendant')).toBe(
      within(listbox).getAllByRole('option')[0]!.id,
    );
    key('Escape');
    expect(screen.queryByTestId('canned-picker')).toBeNull();
  });

  it('inserts the member-language variant with placeholders filled, prompts for inputs, and Tab walks the unfilled holes', async () => {
    const fake = mount();
    await waitFor(() =>
      expect(screen.getByTestId('member-language').textContent).toContain('Danish'),
    );
    type('#refu');
    await waitFor(() => expect(options()[0]).toBe('refund'));
    key('Enter');
    await waitFor(() =>
      expect(box().value).toMatch(
        /^Hej Maria, vi har refunderet ordre \{\{input "Order number"\}\} \(\{\{input "Amount"\}\}\)\. Pengene er tilbage på dit kort\. You$/,
      ),
    );
    expect(fake.calls.filter((c) => c.method === 'responses.used').map((c) => c.input)).toEqual([
      { responseId: 'refund', conversationId: 1 },
    ]);
    // Unfilled inputs are highlighted and listed; Tab selects them in order.
    expect(screen.getByTestId('holes').textContent).toContain(
      '2 placeholders are not filled in (Order number, Amount)',
    );
    expect(
      [...document.querySelectorAll('.composer-highlights mark.hole')].map((m) => m.textContent),
    ).toEqual(['{{input "Order number"}}', '{{input "Amount"}}']);
    act(() => box().setSelectionRange(0, 0));
    key('Tab');
    expect(box().value.slice(box().selectionStart, box().selectionEnd)).toBe(
      '{{input "Order number"}}',
    );
    key('Tab');
    expect(box().value.slice(box().selectionStart, box().selectionEnd)).toBe('{{input "Amount"}}');
    // Past the last hole Tab is not taken: focus may leave the composer.
    const last = fireEvent.keyDown(box(), { key: 'Tab' });
    expect(last).toBe(true);
    // Send is blocked while holes remain.
    act(() => void fireEvent.click(screen.getByTestId('send-button')));
    expect(screen.getByRole('alert').textContent).toBe(
      'Fill in the highlighted placeholders first.',
    );
    expect(fake.callsTo('replies.send')).toEqual([]);
    // One label, one value: the prompted fields fill the text.
    const [order, amount] = screen.getAllByTestId('prompted-input');
    act(() => void fireEvent.change(order!, { target: { value: 'A-1001' } }));
    act(() => void fireEvent.change(amount!, { target: { value: '250 kr.' } }));
    expect(box().value).toBe(
      'Hej Maria, vi har refunderet ordre A-1001 (250 kr.). Pengene er tilbage på dit kort. You',
    );
    expect(screen.queryByTestId('holes')).toBeNull();
    act(() => void fireEvent.click(screen.getByTestId('send-button')));
    await waitFor(() => expect(fake.callsTo('replies.send')).toHaveLength(1));
    expect(fake.callsTo('replies.send')[0]!.input).not.toHaveProperty('override');
  });
});

describe('guideline findings', () => {
  it('highlights findings with the rule message and fixes one with Alt+n', async () => {
    const fake = mount();
    await waitFor(() =>
      expect(screen.getByTestId('member-language').textContent).toContain('Danish'),
    );
    type('Hi users!');
    await waitFor(() =>
      expect(screen.getAllByTestId('finding').map((f) => f.getAttribute('data-rule'))).toEqual([
        'members',
        'bang',
      ]),
    );
    expect(screen.getAllByTestId('finding')[0]!.textContent).toContain(
      'Error Say "members", not "users"',
    );
    expect(
      [...document.querySelectorAll('.composer-highlights mark')].map((m) => [
        m.className,
        m.textContent,
      ]),
    ).toEqual([
      ['sev-error', 'users'],
      ['sev-warning', '!'],
    ]);
    const fixes = screen.getAllByTestId('apply-fix');
    expect(fixes.map((b) => b.getAttribute('aria-keyshortcuts'))).toEqual(['Alt+1', 'Alt+2']);
    key('1', { altKey: true, code: 'Digit1' });
    expect(box().value).toBe('Hi members!');
    act(() => void fireEvent.click(screen.getAllByTestId('apply-fix')[0]!));
    expect(box().value).toBe('Hi members.');
    expect(screen.queryAllByTestId('finding')).toEqual([]);
    act(() => void fireEvent.click(screen.getByTestId('send-button')));
    await waitFor(() => expect(fake.callsTo('replies.send')).toHaveLength(1));
  });

  it('an error blocks Send until the agent gives a reason, which goes with the reply as the override', async () => {
    const fake = mount();
    await waitFor(() =>
      expect(screen.getByTestId('member-language').textContent).toContain('Danish'),
    );
    type('Dear users, see the update.');
    await waitFor(() => expect(screen.getAllByTestId('finding')).toHaveLength(1));
    act(() => void fireEvent.click(screen.getByTestId('send-button')));
    expect(screen.getByRole('alert').textContent).toContain(
      "The client's guideline found an error",
    );
    expect(fake.callsTo('replies.send')).toEqual([]);
    act(
      () =>
        void fireEvent.change(screen.getByTestId('override-reason'), {
          target: { value: 'Quoting the member' },
        }),
    );
    act(() => void fireEvent.click(screen.getByTestId('send-button')));
    await waitFor(() => expect(fake.callsTo('replies.send')).toHaveLength(1));
    expect(fake.callsTo('replies.send')[0]!.input).toMatchObject({
      body: 'Dear users, see the update.',
      override: { reason: 'Quoting the member' },
    });
  });
});
