// renderer/features/conversation: the reply composer. The draft autosaves (debounced) and is
// flushed when the agent leaves the conversation or the window; Send goes to the durable outbox
// with a fresh idempotency key, so a retried Send never posts twice. The source's capabilities
// decide: Send only where its connector can reply (else a line says replies happen on the
// platform), with a counter against the platform's length limit; notes stay local, always allowed.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceCapabilities } from '../../../shared/domain/entities';
import { saveDraft, useAddNote, useApi, useSendReply } from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';
import { isSendChord } from '../shortcuts/shortcuts';
import { useComposerVoice } from './voice/useComposerVoice';
import { CannedPicker, Highlights, VoiceBar } from './voice/VoiceParts';
import { RpcCallError } from '../../../shared/ipc/result';
import { coreErrorText } from '../../i18n/coreMessages';
import { registerComposer } from './composerFocus';

export const DRAFT_DELAY_MS = 500;

export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `k-${Date.now()}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** Within this share of the platform's limit the counter warns. */
const WARN_AT = 0.9;

export function Composer({
  conversationId,
  initialDraft,
  capabilities,
}: {
  conversationId: number;
  initialDraft: string;
  capabilities: SourceCapabilities;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [body, setBody] = useState(initialDraft);
  const [thenPending, setThenPending] = useState(true);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useSendReply();
  const note = useAddNote();
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const attach = useCallback((el: HTMLTextAreaElement | null) => {
    ref.current = el;
    if (!el) return;
    const unregister = registerComposer(el);
    return () => {
      unregister();
      ref.current = null;
    };
  }, []);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const focusRequested = useUiStore((s) => s.composerFocusRequested);
  // Canned responses, guideline checks and what blocks Send (renderer/features/conversation/voice).
  const voice = useComposerVoice(conversationId, body, (v) => onChange(v), ref);

  // `r` pressed while no composer existed yet (the conversation was still loading): focus now.
  useEffect(() => {
    if (focusRequested) {
      ref.current?.focus();
      useUiStore.getState().composerFocused();
    }
  }, [focusRequested]);

  // api, the query client and the conversation are fixed for this component's life (keyed by id).
  const [flush] = useState(() => () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const value = pending.current;
    pending.current = null;
    if (value !== null)
      void saveDraft(api, qc, conversationId, value).then(
        () => setSaved(true),
        () => undefined,
      );
  });

  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      // Leaving the conversation (this component is keyed by it): save what was typed now.
      flush();
    };
  }, [flush]);

  const onChange = (v: string) => {
    setBody(v);
    setSaved(false);
    setError(null);
    pending.current = v;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, DRAFT_DELAY_MS);
  };

  const cancelAutosave = () => {
    pending.current = null;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  // Capabilities decide: Send only where the platform takes replies, within its length limit.
  const canReply = capabilities.reply;
  const max = capabilities.maxReplyLength;
  const length = body.trim().length;
  const over = canReply && max > 0 && length > max;
  const near = canReply && max > 0 && !over && length >= max * WARN_AT;

  const doSend = () => {
    const text = body.trim();
    if (!canReply) return;
    if (!text) return setError(t('composer.empty'));
    if (over) return setError(t('composer.tooLong', { max }));
    if (send.isPending) return;
    const blocked = voice.gate();
    if (blocked) return setError(t(blocked));
    cancelAutosave();
    send.mutate(
      {
        conversationId,
        body: text,
        idempotencyKey: newIdempotencyKey(),
        thenStatus: thenPending ? 'pending' : undefined,
        ...voice.sendExtras(),
      },
      {
        // The core clears the draft when it queues the reply.
        onSuccess: () => {
          setBody('');
          voice.reset();
        },
        onError: (e) => {
          if (e instanceof RpcCallError && e.code === 'guideline_blocked')
            voice.setOverrideOpen(true);
          setError(coreErrorText(t, e));
        },
      },
    );
  };
  const doNote = () => {
    const text = body.trim();
    if (!text) return setError(t('composer.empty'));
    cancelAutosave();
    note.mutate(
      { conversationId, body: text },
      {
        onSuccess: () => {
          setBody('');
          void saveDraft(api, qc, conversationId, '');
        },
        onError: (e) => setError((e as Error).message),
      },
    );
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        doSend();
      }}
    >
      <div className="composer-input">
        <Highlights voice={voice} body={body} />
        <textarea
          ref={attach}
          data-testid="composer"
          aria-label={canReply ? t('composer.label') : t('composer.noteLabel')}
          value={body}
          placeholder={canReply ? t('composer.placeholder') : t('composer.notePlaceholder')}
          {...voice.textareaProps}
          aria-describedby={[
            voice.textareaProps['aria-describedby'],
            canReply && max > 0 ? `composer-count-${conversationId}` : null,
          ]
            .filter(Boolean)
            .join(' ')}
          onChange={(e) => {
            onChange(e.target.value);
            voice.onEdited(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={(e) => {
            if (voice.onKeyDown(e)) return;
            if (isSendChord(e)) {
              e.preventDefault();
              doSend();
            }
          }}
          rows={5}
        />
        <CannedPicker voice={voice} />
      </div>
      {!canReply && (
        <p className="muted" data-testid="reply-on-platform">
          {t('composer.replyOnPlatform')}
        </p>
      )}
      <VoiceBar voice={voice} body={body} />
      <div className="composer-bar">
        {canReply && (
          <label>
            <input
              type="checkbox"
              data-testid="send-pending"
              checked={thenPending}
              onChange={(e) => setThenPending(e.target.checked)}
            />{' '}
            {t('composer.sendPending')}
          </label>
        )}
        {canReply && max > 0 && (
          <span
            id={`composer-count-${conversationId}`}
            data-testid="reply-counter"
            className={`counter${over ? ' over' : near ? ' near' : ''}`}
            data-state={over ? 'over' : near ? 'near' : 'ok'}
          >
            {t('composer.count', { count: length, max })}
          </span>
        )}
        {over && (
          <span className="error" role="alert" data-testid="too-long">
            {t('composer.tooLong', { max })}
          </span>
        )}
        <span className="muted" data-testid="draft-state">
          {saved ? t('composer.draftSaved') : ''}
        </span>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        <button type="button" data-testid="note-button" onClick={doNote} disabled={note.isPending}>
          {t('composer.note')}
        </button>
        {canReply && (
          <button
            type="submit"
            data-testid="send-button"
            className="primary"
            disabled={send.isPending || over}
          >
            {send.isPending ? t('composer.sending') : t('composer.send')}
          </button>
        )}
      </div>
    </form>
  );
}
