// renderer/features/conversation: the selected conversation — thread, member, briefing, SLA
// clocks, status/priority/assignment, and the composer.
import { useQuery } from '@tanstack/react-query';
import { lazy, memo, Suspense, useEffect, useMemo } from 'react';
import { useAfterPaint } from '../../components/useAfterPaint';
import { useTranslation } from 'react-i18next';
import type {
  ConversationStatus,
  Message,
  Priority,
  QueueRow,
} from '../../../shared/domain/entities';
import type { ConversationDetail } from '../../../shared/ipc/contract';
import type { FeedbackItem } from '../../../shared/domain/tags';
import {
  appInfoOptions,
  clocksOptions,
  conversationOptions,
  feedbackOptions,
  useApi,
  useAssign,
  useRetryReply,
  useSetPriority,
  useSetStatus,
  useSetTags,
} from '../../api/queries';
import { localized, PRIORITIES, STATUSES } from '../../components/domain';
import { formatDateTime } from '../../components/time';
import { useUiStore } from '../../store/useUiStore';
import { Countdown } from '../../components/Countdown';
import { Loading } from '../../components/Loading';
import { ModerationPanel } from '../moderation/ModerationPanel';
import { loadComposer } from './loadComposer';
import { FeedbackChips, FeedbackPicker } from './FeedbackPicker';
import { sanitizeHtml } from './sanitize';
import { splitReason } from '../../../shared/reasons';

// The composer brings language detection, the template parser and the guideline linter: its own
// chunk, fetched once the first queue page is painted (see loadComposer), not parsed before it.
const Composer = lazy(() => loadComposer().then((m) => ({ default: m.Composer })));

const MessageView = memo(function MessageView({
  m,
  conversationId,
  foldQuoted = false,
  feedback,
}: {
  m: Message;
  conversationId: number;
  /** The message's feedback tags (member messages). */
  feedback?: FeedbackItem[];
  /** Mail: fold the quoted history (the earlier thread) under a summary line. */
  foldQuoted?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const retry = useRetryReply();
  const html = useMemo(
    () =>
      sanitizeHtml(m.bodyHtml, t('conversation.remoteImageBlocked'), {
        foldQuoted,
        foldLabel: t('conversation.quotedHistory'),
      }),
    [m.bodyHtml, t, foldQuoted],
  );
  const reason = splitReason(m.deliveryError).reason;
  return (
    <article
      className={`message ${m.direction}`}
      data-testid="message"
      data-direction={m.direction}
      data-delivery-state={m.deliveryState ?? ''}
      data-message-id={m.id}
      // A member message takes focus on click, so `f` tags that one (not in the Tab order).
      tabIndex={m.direction === 'inbound' ? -1 : undefined}
    >
      <header>
        <strong>
          {m.direction === 'note' ? `${t('conversation.note')} · ${m.authorName}` : m.authorName}
        </strong>
        <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, i18n.language)}</time>
        {m.editedAt && <span className="edited">({t('conversation.edited')})</span>}
        {m.direction === 'outbound' && m.deliveryState && (
          <span className={`delivery delivery-${m.deliveryState}`} title={m.deliveryError ?? ''}>
            {t(`delivery.${m.deliveryState}`)}
            {m.deliveryState === 'failed' && reason && (
              <span className="delivery-reason" data-testid="delivery-reason">
                {' '}
                — {t(`sources.reason.${reason}`)}
              </span>
            )}
            {m.deliveryState === 'failed' && (
              <button
                type="button"
                className="link"
                onClick={() => retry.mutate({ messageId: m.id, conversationId })}
              >
                {t('delivery.retry')}
              </button>
            )}
          </span>
        )}
      </header>
      <div className="body" dangerouslySetInnerHTML={{ __html: html }} />
      {feedback && <FeedbackChips items={feedback} conversationId={conversationId} />}
    </article>
  );
});

/**
 * The thread renders at a lower priority than the header: on j/k the title and actions paint in
 * the next frame, and the (sanitized, possibly long) thread follows right after.
 */
function Thread({ detail, id }: { detail: ConversationDetail | undefined; id: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const deferred = useAfterPaint(detail);
  const d = deferred && deferred.conversation.id === id ? deferred : undefined;
  const feedback = useQuery({ ...feedbackOptions(api, id), enabled: d != null });
  const byMessage = useMemo(() => {
    const m = new Map<number, FeedbackItem[]>();
    for (const f of feedback.data ?? []) m.set(f.messageId, [...(m.get(f.messageId) ?? []), f]);
    return m;
  }, [feedback.data]);
  return (
    <div className="thread" data-testid="thread">
      {d ? (
        d.messages.map((m) => (
          <MessageView
            key={m.id}
            m={m}
            conversationId={id}
            foldQuoted={d.source.capabilities.replyFormat === 'email'}
            feedback={byMessage.get(m.id)}
          />
        ))
      ) : (
        <p className="muted">{t('conversation.loading')}</p>
      )}
    </div>
  );
}

// The pane's element, so `Enter` can move focus into the open conversation within the keystroke. Set by
// a ref callback, in the commit that attaches the element (not in a passive effect that may run later).
let paneEl: HTMLElement | null = null;
function paneRef(el: HTMLElement | null) {
  if (!el) return;
  paneEl = el;
  return () => {
    if (paneEl === el) paneEl = null;
  };
}
export function focusConversationPane(): void {
  paneEl?.focus();
}

export function ConversationPane({ id, preview }: { id: number | null; preview?: QueueRow }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const detail = useQuery({ ...conversationOptions(api, id ?? 0), enabled: id != null });
  // Secondary data (SLA clocks) is requested once the header has painted.
  const settledId = useAfterPaint(id);
  const clocks = useQuery({
    ...clocksOptions(api, settledId ?? 0),
    enabled: settledId != null && settledId === id,
  });
  const info = useQuery(appInfoOptions(api));
  const setStatus = useSetStatus();
  const setPriority = useSetPriority();
  const setTags = useSetTags();
  const assign = useAssign();
  const briefingOpen = useUiStore((s) => s.briefingOpen);
  const toggleBriefing = useUiStore((s) => s.toggleBriefing);
  const feedbackOpen = useUiStore((s) => s.feedbackRequest != null);
  const closeFeedback = useUiStore((s) => s.closeFeedback);
  // The picker belongs to the conversation it was opened on: moving on closes it.
  useEffect(() => closeFeedback, [id, closeFeedback]);

  if (id == null) {
    return (
      <section className="pane empty" ref={paneRef} tabIndex={-1} data-testid="conversation-pane">
        {t('conversation.none')}
      </section>
    );
  }
  const d = detail.data && detail.data.conversation.id === id ? detail.data : undefined;
  // The title paints at once from the queue row; the thread follows from the cache or the core.
  const row = preview?.id === id ? preview : undefined;
  const title = d?.conversation.title ?? row?.title ?? '';
  const conv = d?.conversation;
  const me = info.data?.agent;

  return (
    <section
      className="pane"
      ref={paneRef}
      tabIndex={-1}
      aria-label={title}
      data-testid="conversation-pane"
      data-conversation-id={id}
    >
      <header className="pane-header">
        <div className="pane-title-row">
          <span
            className="client-dot"
            style={{ background: d?.client.color ?? row?.clientColor }}
          />
          <h2 data-testid="conversation-title">{title}</h2>
        </div>
        <div className="pane-sub">
          <span data-testid="conversation-client">{d?.client.name ?? row?.clientName}</span>
          {d?.member ? (
            <span data-testid="conversation-member">
              · {d.member.displayName} (@{d.member.username})
            </span>
          ) : (
            row?.memberName && <span data-testid="conversation-member">· {row.memberName}</span>
          )}
          {d && (
            <span data-testid="conversation-source">
              · {localized(d.source.platformLabel, i18n.resolvedLanguage ?? i18n.language)} ·{' '}
              {d.source.name}
            </span>
          )}
          {conv?.url && (
            <a href={conv.url} target="_blank" rel="noopener noreferrer">
              · {t('conversation.openOnPlatform')}
            </a>
          )}
        </div>
        {conv && (
          <div className="pane-actions">
            <label>
              {t('conversation.status')}{' '}
              <select
                data-testid="status-select"
                value={conv.status}
                onChange={(e) =>
                  setStatus.mutate({ id, status: e.target.value as ConversationStatus })
                }
              >
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('conversation.priority')}{' '}
              <select
                data-testid="priority-select"
                value={conv.priority}
                onChange={(e) => setPriority.mutate({ id, priority: e.target.value as Priority })}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('conversation.tags')}{' '}
              <input
                key={`${id}:${conv.tags.join(',')}`}
                data-testid="tags-input"
                className="tags-input"
                defaultValue={conv.tags.join(', ')}
                placeholder={t('conversation.tagsHint')}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') e.currentTarget.blur();
                }}
                onBlur={(e) => {
                  const tags = e.currentTarget.value
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean);
                  if (tags.join(',') !== conv.tags.join(',')) setTags.mutate({ id, tags });
                }}
              />
            </label>
            {me && conv.assigneeId === me.id ? (
              <button
                type="button"
                data-testid="unassign"
                onClick={() => assign.mutate({ id, assigneeId: null })}
              >
                {t('conversation.unassign')}
              </button>
            ) : (
              <button
                type="button"
                data-testid="assign-me"
                onClick={() => me && assign.mutate({ id, assigneeId: me.id })}
              >
                {t('conversation.assignToMe')}
              </button>
            )}
            {conv.assigneeId != null && conv.assigneeId !== me?.id && (
              <span className="muted" data-testid="assignee">
                {t('conversation.assignedTo', { name: row?.assigneeName ?? `#${conv.assigneeId}` })}
              </span>
            )}
          </div>
        )}
        {detail.error && !d && (
          <p className="error" role="alert">
            {t('app.error', { message: detail.error.message })}
          </p>
        )}
        {clocks.data && clocks.data.length > 0 && d && (
          <ul className="clocks" aria-label={t('conversation.clocks')}>
            {clocks.data
              .filter((c) => c.status === 'running' || c.status === 'paused' || c.breached)
              .map((c) => (
                <li
                  key={c.metric}
                  className={c.breached ? 'breached' : c.status}
                  title={
                    c.dueAt
                      ? t('conversation.dueClient', {
                          client: formatDateTime(c.dueAt, i18n.language, d.client.timezone),
                          clientZone: d.client.timezone,
                          agent: formatDateTime(c.dueAt, i18n.language),
                        })
                      : ''
                  }
                >
                  {t(`sla.metric.${c.metric}`)}:{' '}
                  <Countdown
                    dueAt={c.status === 'fulfilled' ? null : c.dueAt}
                    paused={c.status === 'paused'}
                  />
                </li>
              ))}
          </ul>
        )}
      </header>
      {d && (
        <aside className={`briefing${briefingOpen ? ' open' : ''}`} data-testid="briefing">
          <button
            type="button"
            className="link"
            onClick={toggleBriefing}
            aria-expanded={briefingOpen}
          >
            {t('conversation.briefing')} {briefingOpen ? '▾' : '▸'}
          </button>
          {briefingOpen && <p>{d.client.briefing || t('conversation.noBriefing')}</p>}
        </aside>
      )}
      <Thread detail={d} id={id} />
      {d && <ModerationPanel key={id} detail={d} />}
      {d && feedbackOpen && (
        <FeedbackPicker conversationId={id} clientId={d.client.id} messages={d.messages} />
      )}
      {d && settledId === id && (
        <Suspense fallback={<Loading className="composer" />}>
          <Composer
            key={id}
            conversationId={id}
            initialDraft={d.draft}
            capabilities={d.source.capabilities}
          />
        </Suspense>
      )}
    </section>
  );
}
