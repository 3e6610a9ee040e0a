// renderer/app: in-app notifications (SLA warnings and breaches). At most MAX_VISIBLE_TOASTS show at
// once, newest last; the others wait behind a "+N more" counter and appear as the shown ones go.
// A toast's timer starts when it is shown, so none expires unseen. The stack sits bottom-left, over
// the filters and queue columns (styles: .toasts), never over the conversation pane or its composer.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const MAX_VISIBLE_TOASTS = 3;
export const TOAST_MS = 8_000;
/** Beyond this many waiting toasts the oldest are dropped (their clocks are on the SLA board). */
const MAX_KEPT = 100;

export type Toast = {
  id: number;
  kind: string;
  title: string;
  body: string;
  conversationId?: number;
};

/** The toast list: push, dismiss one, dismiss all, and which are shown / how many wait. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const push = useCallback((t: Omit<Toast, 'id'>) => {
    const id = ++seq.current;
    setToasts((list) => [...list.slice(-(MAX_KEPT - 1)), { id, ...t }]);
  }, []);
  const dismiss = useCallback(
    (id: number) => setToasts((list) => list.filter((x) => x.id !== id)),
    [],
  );
  const dismissAll = useCallback(() => setToasts([]), []);
  return { toasts, push, dismiss, dismissAll };
}

/** The newest MAX_VISIBLE_TOASTS are shown; the rest are counted. */
export function splitToasts(toasts: readonly Toast[]): { shown: Toast[]; waiting: number } {
  const shown = toasts.slice(-MAX_VISIBLE_TOASTS);
  return { shown, waiting: toasts.length - shown.length };
}

export function Toasts({
  toasts,
  dismiss,
  dismissAll,
  open,
}: {
  toasts: Toast[];
  dismiss(id: number): void;
  dismissAll(): void;
  open(conversationId: number): void;
}) {
  const { t } = useTranslation();
  const { shown, waiting } = splitToasts(toasts);
  // One timer per shown toast, started when it is first shown.
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const shownKey = shown.map((x) => x.id).join(',');
  useEffect(() => {
    const ids = new Set(shownKey ? shownKey.split(',').map(Number) : []);
    for (const id of ids) {
      if (!timers.current.has(id))
        timers.current.set(
          id,
          setTimeout(() => dismiss(id), TOAST_MS),
        );
    }
    for (const [id, timer] of timers.current) {
      if (!ids.has(id)) {
        clearTimeout(timer);
        timers.current.delete(id);
      }
    }
  }, [shownKey, dismiss]);
  useEffect(() => {
    const map = timers.current;
    return () => {
      for (const timer of map.values()) clearTimeout(timer);
      map.clear();
    };
  }, []);
  return (
    <section
      className="toasts"
      aria-label={t('toast.region')}
      aria-live="polite"
      data-testid="toasts"
    >
      {waiting > 0 && (
        <div className="toast-more" data-testid="toast-more">
          <span>{t('toast.more', { count: waiting })}</span>
          <button type="button" className="link" onClick={dismissAll}>
            {t('toast.dismissAll')}
          </button>
        </div>
      )}
      {shown.map((x) => (
        <div key={x.id} className={`toast ${x.kind}`} data-testid="toast" data-kind={x.kind}>
          <strong>{x.title}</strong>
          <div>{x.body}</div>
          <div className="toast-actions">
            {x.conversationId != null && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  open(x.conversationId!);
                  dismiss(x.id);
                }}
              >
                {t('toast.open')}
              </button>
            )}
            <button type="button" className="link" onClick={() => dismiss(x.id)}>
              {t('toast.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
