// renderer/features/shortcuts: the window-level keyboard handler (keyboard-first triage). Ignored
// while typing in a field, except Escape (leave the field); Ctrl+Enter is the composer's own.
// The arrow keys move the selection while the queue listbox has focus; the digits 1–5 open the tabs.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import {
  appInfoOptions,
  conversationOptions,
  useApi,
  useAssign,
  useSetStatus,
} from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';
import { focusActiveComposer } from '../conversation/composerFocus';
import { focusConversationPane } from '../conversation/ConversationPane';
import { feedbackTarget } from '../conversation/FeedbackPicker';
import { useQueue, useQueueFilters } from '../queue/useQueue';
import {
  actionFor,
  isModerationShortcut,
  isTyping,
  isViewShortcut,
  type ViewKey,
} from './shortcuts';

/** How far around the selected index to look for the selected conversation after a re-sort. */
const FOLLOW_WINDOW = 400;

export function useKeyboardShortcuts(): void {
  const api = useApi();
  const qc = useQueryClient();
  const filters = useQueueFilters();
  const { total, getRow } = useQueue(filters, []);
  const info = useQuery(appInfoOptions(api));
  const setStatus = useSetStatus();
  const assign = useAssign();

  // The handler is installed once and reads the latest values through this ref.
  const latest = useRef({
    total,
    getRow,
    me: info.data?.agent,
    setStatus: setStatus.mutate,
    assign: assign.mutate,
  });
  useEffect(() => {
    latest.current = {
      total,
      getRow,
      me: info.data?.agent,
      setStatus: setStatus.mutate,
      assign: assign.mutate,
    };
  });

  useEffect(() => {
    /** Where the selected conversation is now (the queue may have re-sorted since it was picked). */
    const currentIndex = (): number => {
      const { getRow, total } = latest.current;
      const s = useUiStore.getState();
      if (s.selectedId == null || getRow(s.selectedIndex)?.id === s.selectedId)
        return s.selectedIndex;
      for (let d = 1; d < FOLLOW_WINDOW; d++) {
        for (const i of [s.selectedIndex - d, s.selectedIndex + d]) {
          if (i >= 0 && i < total && getRow(i)?.id === s.selectedId) return i;
        }
      }
      return s.selectedIndex;
    };

    const move = (delta: number) => {
      const { total, getRow } = latest.current;
      if (total === 0) return;
      const s = useUiStore.getState();
      const cur = s.selectedIndex < 0 ? -1 : currentIndex();
      const next = Math.max(0, Math.min(total - 1, cur + delta));
      s.select(next, getRow(next)?.id ?? null);
      // Prefetch the neighbours so the next keystroke paints from the cache — after this frame is
      // painted, so the requests never delay it.
      requestAnimationFrame(() =>
        setTimeout(() => {
          for (const k of [next + 1, next + 2, next - 1]) {
            const n = getRow(k);
            if (n) void qc.prefetchQuery(conversationOptions(api, n.id));
          }
        }, 0),
      );
    };

    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      // In the focused queue listbox the arrow keys move the selection, as j / k do everywhere.
      if (
        (e.key === 'ArrowDown' || e.key === 'ArrowUp') &&
        e.target instanceof HTMLElement &&
        e.target.getAttribute('role') === 'listbox'
      ) {
        move(e.key === 'ArrowDown' ? 1 : -1);
        e.preventDefault();
        return;
      }
      const action = actionFor(e);
      if (!action) return;
      const s = useUiStore.getState();
      const typing = isTyping(e.target);
      if (action === 'escape') {
        if (s.helpOpen) s.setHelp(false);
        else if (e.target instanceof HTMLElement) e.target.blur(); // leave the composer / search / pane
        return;
      }
      if (typing) return;
      // Enter on a focused button or link is that control's own click.
      if (
        action === 'open' &&
        e.target instanceof HTMLElement &&
        (e.target.tagName === 'BUTTON' || e.target.tagName === 'A')
      )
        return;
      const { me, setStatus, assign } = latest.current;
      const id = s.selectedId;
      if (isViewShortcut(action)) {
        s.setView(action.slice(5) as ViewKey);
        e.preventDefault();
        return;
      }
      if (isModerationShortcut(action)) {
        if (id != null) s.requestModeration(action.slice(4));
        e.preventDefault();
        return;
      }
      switch (action) {
        case 'next':
          move(1);
          break;
        case 'prev':
          move(-1);
          break;
        case 'open':
          if (s.selectedIndex < 0 && id == null) move(1);
          focusConversationPane();
          break;
        case 'reply':
          if (id != null && !focusActiveComposer()) s.focusComposer();
          break;
        case 'solve':
          if (id != null) {
            setStatus({ id, status: 'solved' });
            move(1);
          }
          break;
        case 'pending':
          if (id != null) setStatus({ id, status: 'pending' });
          break;
        case 'assignMe':
          if (id != null && me) assign({ id, assigneeId: me.id });
          break;
        case 'search':
          s.focusSearch();
          break;
        case 'help':
          s.setHelp(!s.helpOpen);
          break;
        case 'timer':
          s.requestTimer();
          break;
        case 'feedback':
          if (id != null) s.requestFeedback(feedbackTarget());
          break;
        case 'send':
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [qc, api]);
}
