// renderer/features/conversation: the reply composer. The draft autosaves (debounced) and is
// flushed when the agent leaves the conversation; Send goes to the durable outbox.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddNote, useApi, useSendReply } from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';

const DRAFT_DELAY_MS = 500;

// The open composer's textarea, so the `r` shortcut can focus it within the same keystroke.
let activeComposer: HTMLTextAreaElement | null = null;
export function focusActiveComposer(): boolean {
  activeComposer?.focus();
  return activeComposer != null;
}

export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function Composer({ conversationId, initialDraft }: { conversationId: number; initialDraft: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [body, setBody] = useState(initialDraft);
  const [thenPending, setThenPending] = useState(true);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useSendReply();
  const note = useAddNote();
  const ref = useRef<HTMLTextAreaElement>(null);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const focusTick = useUiStore((s) => s.composerFocusTick);

  useEffect(() => {
    if (focusTick > 0) ref.current?.focus();
  }, [focusTick]);
  useEffect(() => {
    const el = ref.current;
    activeComposer = el;
    return () => {
      if (activeComposer === el) activeComposer = null;
    };
  }, []);

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const value = pending.current;
    pending.current = null;
    if (value !== null) void api['drafts.save']({ conversationId, body: value }).then(() => setSaved(true), () => undefined);
  };
  // Flush the draft when leaving the conversation (the component unmounts: key = conversation id).
  useEffect(() => () => flush(), []); // eslint-disable-line react-hooks/exhaustive-deps -- flush on unmount only

  const onChange = (v: string) => {
    setBody(v);
    setSaved(false);
    setError(null);
    pending.current = v;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, DRAFT_DELAY_MS);
  };

  const doSend = () => {
    const text = body.trim();
    if (!text) return setError(t('composer.empty'));
    pending.current = null;
    if (timer.current) clearTimeout(timer.current);
    send.mutate(
      { conversationId, body: text, idempotencyKey: newIdempotencyKey(), thenStatus: thenPending ? 'pending' : undefined },
      { onSuccess: () => setBody(''), onError: (e) => setError((e as Error).message) },
    );
  };
  const doNote = () => {
    const text = body.trim();
    if (!text) return setError(t('composer.empty'));
    note.mutate({ conversationId, body: text }, { onSuccess: () => { setBody(''); void api['drafts.save']({ conversationId, body: '' }); }, onError: (e) => setError((e as Error).message) });
  };

  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); doSend(); }}>
      <textarea
        ref={ref}
        data-testid="composer"
        value={body}
        placeholder={t('composer.placeholder')}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            doSend();
          } else if (e.key === 'Escape') {
            e.currentTarget.blur();
          }
        }}
        rows={5}
      />
      <div className="composer-bar">
        <label>
          <input type="checkbox" checked={thenPending} onChange={(e) => setThenPending(e.target.checked)} /> {t('composer.sendPending')}
        </label>
        <span className="muted">{saved ? t('composer.draftSaved') : ''}</span>
        {error && <span className="error">{error}</span>}
        <button type="button" onClick={doNote} disabled={note.isPending}>{t('composer.note')}</button>
        <button type="submit" data-testid="send-button" className="primary" disabled={send.isPending}>
          {send.isPending ? t('composer.sending') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}
