// renderer/features/time: automatic time capture from the renderer — reports what is on screen to
// the core (`time.heartbeat`) every 15 s and at once on every change: the open conversation (queue
// view only), the activity (the agent's choice, else inferred: typing in the composer = reply, a
// moderation action = moderation, otherwise triage), whether the page is focused and visible, and
// the seconds since the last input in the page. Unfocused, the page cannot see input elsewhere: the
// desktop reports system idle time from the main process instead (electron/main/powerIdle.ts), and
// browser mode treats the agent as active (a running timer is not cut while they work elsewhere).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { timeKeys, useApi } from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';

export const HEARTBEAT_MS = 15_000;
const ACTIVE_WITHIN_MS = 60_000;
const REPLY_WINDOW_MS = 120_000;

export function inferActivity(
  s: { activityOverride: string | null; replyingAt: number; moderatingAt: number },
  now: number,
): string {
  if (s.activityOverride) return s.activityOverride;
  if (now - s.moderatingAt < REPLY_WINDOW_MS && s.moderatingAt >= s.replyingAt) return 'moderation';
  if (now - s.replyingAt < REPLY_WINDOW_MS) return 'reply';
  return 'triage';
}

export function TimeCapture() {
  const api = useApi();
  const qc = useQueryClient();
  const lastInput = useRef(Date.now());
  const lastKey = useRef('');
  useEffect(() => {
    const desktop = typeof window !== 'undefined' && Boolean(window.app);
    const send = () => {
      const s = useUiStore.getState();
      const now = Date.now();
      const focused = document.visibilityState === 'visible' && document.hasFocus();
      const idleMs = now - lastInput.current;
      const conversationId = s.view === 'queue' ? s.selectedId : null;
      const activity = inferActivity(s, now);
      lastKey.current = `${conversationId}|${activity}|${focused}`;
      const hb = focused
        ? {
            conversationId,
            activity,
            focused,
            active: idleMs < ACTIVE_WITHIN_MS,
            idleSeconds: Math.floor(idleMs / 1000),
          }
        : { conversationId, activity, focused, active: !desktop };
      api['time.heartbeat'](hb).then(
        (st) => qc.setQueryData(timeKeys.status, st),
        () => undefined,
      );
    };
    const onChange = () => {
      const s = useUiStore.getState();
      const focused = document.visibilityState === 'visible' && document.hasFocus();
      const key = `${s.view === 'queue' ? s.selectedId : null}|${inferActivity(s, Date.now())}|${focused}`;
      if (key !== lastKey.current) send();
    };
    let lastMove = 0;
    const onInput = (e: Event) => {
      const now = Date.now();
      if (e.type === 'mousemove' && now - lastMove < 1000) return;
      lastMove = now;
      const wasAway = now - lastInput.current >= ACTIVE_WITHIN_MS;
      lastInput.current = now;
      if (
        e.type === 'keydown' &&
        e.target instanceof HTMLElement &&
        e.target.dataset.testid === 'composer'
      )
        useUiStore.getState().noteReplying();
      if (wasAway)
        send(); // back: the core settles any idle span at once
      else onChange();
    };
    const events = ['keydown', 'pointerdown', 'mousemove', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, onInput, { passive: true, capture: true });
    window.addEventListener('focus', send);
    window.addEventListener('blur', send);
    document.addEventListener('visibilitychange', send);
    const unsub = useUiStore.subscribe(onChange);
    const timer = setInterval(send, HEARTBEAT_MS);
    send();
    return () => {
      for (const e of events) window.removeEventListener(e, onInput, { capture: true });
      window.removeEventListener('focus', send);
      window.removeEventListener('blur', send);
      document.removeEventListener('visibilitychange', send);
      unsub();
      clearInterval(timer);
    };
  }, [api, qc]);
  return null;
}
