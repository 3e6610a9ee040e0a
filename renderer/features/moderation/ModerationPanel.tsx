// renderer/features/moderation: the moderation part of the conversation pane — a moderation item's
// reported/flagged state and reasons, the actions the source's connector offers (each also from the
// keyboard: Shift + its letter opens its form), a reason (required for remove/ban…) and a duration
// (ban/timeout…), and every action's state (queued → sending → done | failed with Retry).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModerationActionKind } from '../../../shared/domain/moderation';
import { NEEDS_DURATION, REASON_REQUIRED, TAKES_DURATION } from '../../../shared/moderation/rules';
import type { ConversationDetail } from '../../../shared/ipc/contract';
import {
  moderationListOptions,
  useApi,
  useModerationAct,
  useModerationRetry,
} from '../../api/queries';
import { formatDateTime } from '../../components/time';
import { useUiStore } from '../../store/useUiStore';
import { MODERATION_KEYS } from '../shortcuts/shortcuts';

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function ModerationPanel({ detail }: { detail: ConversationDetail }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = detail.conversation.id;
  const offered = detail.source.capabilities.moderation as ModerationActionKind[];
  const item = detail.moderation;
  const list = useQuery({
    ...moderationListOptions(api, id),
    enabled: offered.length > 0 || item != null,
  });
  const act = useModerationAct();
  const retry = useModerationRetry();
  const [kind, setKind] = useState<ModerationActionKind | null>(null);
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const request = useUiStore((s) => s.moderationRequest);
  const handled = useUiStore((s) => s.moderationHandled);
  // The message acted on: the moderation item's flagged message, else the latest one from a member.
  const target =
    item?.messageId ??
    [...detail.messages].reverse().find((m) => m.direction === 'inbound' && m.externalId)?.id;

  const open = (k: ModerationActionKind) => {
    setKind(k);
    setReason('');
    setDuration('');
    setError(null);
  };
  // A keyboard request (Shift + letter) for an action this source offers opens its form.
  useEffect(() => {
    if (!request) return;
    handled();
    if (offered.includes(request.kind as ModerationActionKind))
      open(request.kind as ModerationActionKind);
  }, [request, handled, offered]);
  // The reason field takes focus when a form opens (in the commit that renders it).
  useEffect(() => {
    if (kind) reasonRef.current?.focus();
  }, [kind]);

  if (offered.length === 0 && !item) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!kind) return;
    const r = reason.trim();
    if (REASON_REQUIRED.has(kind) && !r) return setError(t('moderation.reasonRequired'));
    const mins = duration.trim() ? Number(duration) : undefined;
    if (mins !== undefined && !(Number.isInteger(mins) && mins >= 1))
      return setError(t('moderation.durationInvalid'));
    if (NEEDS_DURATION.has(kind) && mins === undefined)
      return setError(t('moderation.durationRequired'));
    act.mutate(
      {
        conversationId: id,
        messageId: target,
        kind,
        reason: r || undefined,
        durationMinutes: TAKES_DURATION.has(kind) ? mins : undefined,
        idempotencyKey: newKey(),
      },
      { onSuccess: () => setKind(null), onError: (err) => setError(err.message) },
    );
  };

  return (
    <section
      className="moderation"
      aria-labelledby={`moderation-title-${id}`}
      data-testid="moderation-panel"
    >
      <h3 id={`moderation-title-${id}`}>{t('moderation.title')}</h3>
      {item && (
        <p className={`moderation-state state-${item.state}`} data-testid="moderation-state">
          <strong>{t(`moderation.state.${item.state}`)}</strong>
          {item.reportCount > 0 && <> · {t('moderation.reports', { count: item.reportCount })}</>}
          {item.reasons.length > 0 && (
            <>
              {' · '}
              {t('moderation.reasons')}:{' '}
              <span data-testid="moderation-reasons">{item.reasons.join('; ')}</span>
            </>
          )}
        </p>
      )}
      {offered.length > 0 && (
        <div className="moderation-actions" role="group" aria-label={t('moderation.actions')}>
          {offered.map((k) => (
            <button
              key={k}
              type="button"
              data-testid={`moderate-${k}`}
              aria-keyshortcuts={`Shift+${MODERATION_KEYS[k]}`}
              aria-pressed={kind === k}
              onClick={() => open(k)}
            >
              {t(`moderation.kind.${k}`)} <kbd>⇧{MODERATION_KEYS[k]}</kbd>
            </button>
          ))}
        </div>
      )}
      {kind && (
        <form
          className="moderation-form"
          data-testid="moderation-form"
          onSubmit={submit}
          aria-label={t(`moderation.kind.${kind}`)}
        >
          <label>
            {t('moderation.reason')}
            {REASON_REQUIRED.has(kind) ? ` (${t('moderation.required')})` : ''}
            <input
              ref={reasonRef}
              data-testid="moderation-reason"
              value={reason}
              maxLength={1000}
              aria-required={REASON_REQUIRED.has(kind)}
              aria-invalid={error != null}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setKind(null);
              }}
            />
          </label>
          {TAKES_DURATION.has(kind) && (
            <label>
              {t('moderation.duration')}
              <input
                data-testid="moderation-duration"
                type="number"
                inputMode="numeric"
                min={1}
                value={duration}
                placeholder={NEEDS_DURATION.has(kind) ? '' : t('moderation.permanent')}
                onChange={(e) => setDuration(e.target.value)}
              />
            </label>
          )}
          <button type="submit" data-testid="moderation-submit" disabled={act.isPending}>
            {t(`moderation.kind.${kind}`)}
          </button>
          <button type="button" className="link" onClick={() => setKind(null)}>
            {t('moderation.cancel')}
          </button>
          {error && (
            <p className="error" role="alert" data-testid="moderation-error">
              {error}
            </p>
          )}
        </form>
      )}
      {list.data && list.data.actions.length > 0 && (
        <ul className="moderation-log" aria-label={t('moderation.log')} aria-live="polite">
          {list.data.actions.map((a) => (
            <li key={a.id} data-testid="moderation-action" data-state={a.state} data-kind={a.kind}>
              <strong>{t(`moderation.kind.${a.kind}`)}</strong> ·{' '}
              {t(`moderation.actionState.${a.state}`)} · {a.actorName} ·{' '}
              <time dateTime={a.createdAt}>{formatDateTime(a.createdAt, i18n.language)}</time>
              {a.reason && <> · “{a.reason}”</>}
              {a.durationMinutes != null && (
                <> · {t('moderation.minutes', { count: a.durationMinutes })}</>
              )}
              {a.state === 'failed' && (
                <>
                  {a.error && <span className="error"> · {a.error}</span>}{' '}
                  <button
                    type="button"
                    className="link"
                    data-testid="moderation-retry"
                    onClick={() => retry.mutate({ actionId: a.id, conversationId: id })}
                  >
                    {t('moderation.retry')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
