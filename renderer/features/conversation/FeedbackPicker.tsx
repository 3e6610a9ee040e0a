// renderer/features/conversation: tagging a member message as feedback from the keyboard. `f` opens
// this picker (a modal dialog) on the focused member message, else the latest one: `1`–`5` tag a
// built-in kind at once (while the search box is empty), typing filters the client's themes, `↓`/`↑`
// and `Enter` pick one (or create a new theme of the chosen kind), `Esc` closes. The chips on each
// message (FeedbackChips) show its feedback and remove it.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/domain/entities';
import type { FeedbackItem, FeedbackKind, Tag } from '../../../shared/domain/tags';
import { tagKey } from '../../../shared/tagNames';
import { tagsOptions, useApi, useTagFeedback, useUntagFeedback } from '../../api/queries';
import { FEEDBACK_KINDS } from '../../components/domain';
import { useUiStore } from '../../store/useUiStore';

/** The member message the key press means: the focused one in the thread, else null (the latest). */
export function feedbackTarget(): number | null {
  const el = document.activeElement?.closest<HTMLElement>(
    '[data-message-id][data-direction="inbound"]',
  );
  return el ? Number(el.dataset.messageId) : null;
}

/** A feedback tag's label: a built-in kind translated, a theme by its name. */
function useTagLabel() {
  const { t } = useTranslation();
  return (tag: { builtin: boolean; kind: FeedbackKind | null; name: string }) =>
    tag.builtin && tag.kind ? t(`feedback.kind.${tag.kind}`) : tag.name;
}

type Option = { type: 'theme'; tag: Tag } | { type: 'create'; name: string };

export function FeedbackPicker({
  conversationId,
  clientId,
  messages,
}: {
  conversationId: number;
  clientId: number;
  messages: Message[];
}) {
  const { t } = useTranslation();
  const api = useApi();
  const request = useUiStore((s) => s.feedbackRequest);
  const close = useUiStore((s) => s.closeFeedback);
  const tags = useQuery(tagsOptions(api, clientId));
  const tag = useTagFeedback();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [newKind, setNewKind] = useState<FeedbackKind>('feature_request');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const ids = useId();

  const target = useMemo(() => {
    const inbound = messages.filter((m) => m.direction === 'inbound');
    return inbound.find((m) => m.id === request?.messageId) ?? inbound[inbound.length - 1] ?? null;
  }, [messages, request?.messageId]);

  // Focus moves into the dialog when it opens and returns where it was when it closes.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  const builtins = (tags.data ?? []).filter((x) => x.builtin);
  const options: Option[] = useMemo(() => {
    const q = tagKey(query);
    const themes = (tags.data ?? []).filter(
      (x) => !x.builtin && x.kind != null && (!q || x.key.includes(q)),
    );
    const exact = (tags.data ?? []).some((x) => x.key === q);
    return [
      ...themes.map((x): Option => ({ type: 'theme', tag: x })),
      ...(q && !exact ? [{ type: 'create', name: query.trim() } as Option] : []),
    ];
  }, [tags.data, query]);
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  const done = (v: Parameters<typeof tag.mutate>[0]) =>
    tag.mutate(v, {
      onSuccess: () => close(),
      onError: (e) => setError(e.message),
    });
  // A digit pressed before the client's catalogue has arrived (`f` then `2` in one motion) is kept
  // and applied when it arrives, not dropped.
  const [pendingKind, setPendingKind] = useState<FeedbackKind | null>(null);
  const pickKind = (kind: FeedbackKind) => {
    if (!tags.data) return setPendingKind(kind);
    const b = builtins.find((x) => x.kind === kind);
    if (b && target) done({ conversationId, messageId: target.id, tagId: b.id });
  };
  useEffect(() => {
    if (!pendingKind || !tags.data) return;
    setPendingKind(null);
    pickKind(pendingKind);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once when the catalogue arrives; pickKind reads the same render's data
  }, [tags.data, pendingKind]);
  const pick = (o: Option | undefined) => {
    if (!o || !target) return;
    if (o.type === 'theme') done({ conversationId, messageId: target.id, tagId: o.tag.id });
    else
      done({
        conversationId,
        messageId: target.id,
        create: { clientId, name: o.name, kind: newKind },
      });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Keys inside the picker are the picker's: never the window's triage shortcuts.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      return;
    }
    if (e.key === 'Tab' && card.current) {
      // Keep Tab inside the dialog (aria-modal).
      const f = [...card.current.querySelectorAll<HTMLElement>('button, input, select')];
      const first = f[0];
      const last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
      return;
    }
    if (e.target !== input.current) return;
    const digit = Number(e.key);
    if (!query && !e.ctrlKey && !e.metaKey && !e.altKey && digit >= 1 && digit <= 5) {
      e.preventDefault();
      pickKind(FEEDBACK_KINDS[digit - 1]!);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length)
        setActive(
          (activeIndex + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length,
        );
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(options[activeIndex]);
    }
  };

  const optionId = (i: number) => `${ids}-opt-${i}`;
  const snippet = target ? target.bodyText.slice(0, 160) : '';
  return (
    <div className="overlay" data-testid="feedback-overlay" onClick={close}>
      <div
        ref={card}
        className="overlay-card feedback-picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-hint`}
        data-testid="feedback-picker"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${ids}-title`}>{t('feedback.title')}</h2>
        {target ? (
          <blockquote className="feedback-quote" data-testid="feedback-target">
            <strong>{target.authorName}</strong>: {snippet}
          </blockquote>
        ) : (
          <p className="error" role="alert">
            {t('feedback.noMessage')}
          </p>
        )}
        <p id={`${ids}-hint`} className="muted">
          {t('feedback.hint')}
        </p>
        <ul className="feedback-kinds" aria-label={t('feedback.kinds')}>
          {FEEDBACK_KINDS.map((k, i) => (
            <li key={k}>
              <button
                type="button"
                data-testid={`feedback-kind-${k}`}
                disabled={!target}
                onClick={() => pickKind(k)}
              >
                <kbd>{i + 1}</kbd> {t(`feedback.kind.${k}`)}
              </button>
            </li>
          ))}
        </ul>
        <label className="feedback-search">
          {t('feedback.search')}{' '}
          <input
            ref={input}
            data-testid="feedback-search"
            role="combobox"
            aria-expanded={options.length > 0}
            aria-controls={`${ids}-list`}
            aria-autocomplete="list"
            aria-activedescendant={options.length ? optionId(activeIndex) : undefined}
            value={query}
            maxLength={40}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
              setError(null);
            }}
          />
        </label>
        <ul
          id={`${ids}-list`}
          role="listbox"
          aria-label={t('feedback.themes')}
          className="feedback-options"
          data-testid="feedback-options"
        >
          {options.map((o, i) => (
            <li
              key={o.type === 'theme' ? o.tag.id : 'create'}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className={i === activeIndex ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(o)}
            >
              {o.type === 'theme'
                ? `${o.tag.name} · ${t(`feedback.kind.${o.tag.kind!}`)}`
                : t('feedback.create', { name: o.name, kind: t(`feedback.kind.${newKind}`) })}
            </li>
          ))}
        </ul>
        {options.length === 0 && query && <p className="muted">{t('feedback.noThemes')}</p>}
        <label>
          {t('feedback.newThemeKind')}{' '}
          <select
            data-testid="feedback-new-kind"
            value={newKind}
            onChange={(e) => setNewKind(e.target.value as FeedbackKind)}
          >
            {FEEDBACK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`feedback.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="button" onClick={close}>
          {t('feedback.close')}
        </button>
      </div>
    </div>
  );
}

/** The feedback tags on one message, each removable. */
export function FeedbackChips({
  items,
  conversationId,
}: {
  items: FeedbackItem[];
  conversationId: number;
}) {
  const { t } = useTranslation();
  const untag = useUntagFeedback();
  const label = useTagLabel();
  if (items.length === 0) return null;
  return (
    <ul className="feedback-chips" aria-label={t('feedback.items')} data-testid="feedback-chips">
      {items.map((f) => {
        const name = label({ builtin: f.builtin, kind: f.kind, name: f.tagName });
        return (
          <li key={f.id} className="feedback-chip" data-testid="feedback-chip" data-kind={f.kind}>
            {name}
            {!f.builtin && <span className="muted"> · {t(`feedback.kind.${f.kind}`)}</span>}
            <button
              type="button"
              className="link"
              aria-label={t('feedback.remove', { name })}
              onClick={() => untag.mutate({ id: f.id, conversationId })}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
