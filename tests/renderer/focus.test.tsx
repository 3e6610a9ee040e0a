// @vitest-environment jsdom
// The focus targets of `Enter` (the conversation pane) and `r` (the composer) are registered in the
// very commit that puts them in the DOM. They used to be registered by passive effects, which React
// runs in a later task after a non-urgent render: under load a key pressed in between found no
// composer although one was on screen, and focus stayed on the pane (the flaky "Enter opens and
// focuses…" test). Here the check runs in a MutationObserver callback — a microtask right after the
// commit, before any later task — so it sees exactly that window, every time.
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeQueryClient, Providers } from '../../renderer/app/providers';
import { Composer } from '../../renderer/features/conversation/Composer';
import { focusActiveComposer } from '../../renderer/features/conversation/composerFocus';
import {
  ConversationPane,
  focusConversationPane,
} from '../../renderer/features/conversation/ConversationPane';
import { setLanguage } from '../../renderer/i18n';
import { fakeTransport } from './fakeTransport';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

let root: Root | null = null;
let host: HTMLElement;
beforeEach(() => {
  // A real, non-act render: React schedules it (and its passive effects) as it would in the app.
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
  setLanguage('en');
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(() => {
  root?.unmount();
  root = null;
  host.remove();
  globalThis.IS_REACT_ACT_ENVIRONMENT = undefined;
});

/** Renders `ui` and, in the microtask after the commit that inserts `testId`, runs `probe`. */
function renderAndProbe<T>(
  ui: React.ReactNode,
  testId: string,
  probe: (el: HTMLElement) => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const observer = new MutationObserver(() => {
      const el = host.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      if (!el) return;
      observer.disconnect();
      try {
        resolve(probe(el));
      } catch (err) {
        reject(err as Error);
      }
    });
    observer.observe(host, { childList: true, subtree: true });
    const fake = fakeTransport(3);
    root = createRoot(host);
    root.render(
      <Providers transport={fake.transport} queryClient={makeQueryClient()}>
        {ui}
      </Providers>,
    );
  });
}

const CAPS = {
  reply: true,
  platformNotes: false,
  moderation: [],
  push: false,
  replyFormat: 'markdown',
  maxReplyLength: 32000,
};

describe('focus targets are registered at commit', () => {
  it('r: a composer on screen takes focus at once, even before the passive effects of its render ran', async () => {
    const result = await renderAndProbe(
      <Composer conversationId={1} initialDraft="" capabilities={CAPS} />,
      'composer',
      (el) => ({
        found: focusActiveComposer(),
        focused: document.activeElement === el,
      }),
    );
    expect(result).toEqual({ found: true, focused: true });
  });

  it('Enter: the conversation pane on screen takes focus at once', async () => {
    const focused = await renderAndProbe(
      <ConversationPane id={null} />,
      'conversation-pane',
      (el) => {
        focusConversationPane();
        return document.activeElement === el;
      },
    );
    expect(focused).toBe(true);
  });

  it('once the composer is gone, r finds none (the caller then asks for focus when one appears)', async () => {
    await renderAndProbe(
      <Composer conversationId={1} initialDraft="" capabilities={CAPS} />,
      'composer',
      () => undefined,
    );
    root!.unmount();
    root = null;
    expect(focusActiveComposer()).toBe(false);
  });
});
