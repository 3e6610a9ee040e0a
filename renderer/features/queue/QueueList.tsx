// renderer/features/queue: the unified, virtualized queue (smooth at 100,000 rows): only visible
// rows are in the DOM, pages of 200 are fetched as they scroll into view. Rows keep the core's
// order (by due time); one shared 1-second clock drives every countdown. The list is a focusable
// listbox (Tab reaches it, so it scrolls by keyboard); the selected row is its active descendant.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../../shared/domain/entities';
import { usePlatformLabels, type QueueFilters } from '../../api/queries';
import { Age, Countdown } from '../../components/Countdown';
import { useUiStore } from '../../store/useUiStore';
import { useQueue } from './useQueue';

const ROW_HEIGHT = 58;

/** The DOM id of a conversation's row (the listbox's aria-activedescendant). */
export const rowDomId = (conversationId: number) => `queue-row-${conversationId}`;

const Row = memo(function Row({
  row,
  index,
  selected,
  platformLabel,
  onPick,
}: {
  row: QueueRow | undefined;
  index: number;
  selected: boolean;
  platformLabel: string;
  onPick(i: number, id: number | null): void;
}) {
  const { t } = useTranslation();
  if (!row) return <div className="queue-row placeholder" role="option" aria-selected={selected} />;
  return (
    <div
      className={`queue-row status-${row.status}${selected ? ' selected' : ''}`}
      id={rowDomId(row.id)}
      role="option"
      aria-selected={selected}
      data-testid="queue-row"
      data-conversation-id={row.id}
      onClick={() => onPick(index, row.id)}
    >
      <span className="client-dot" style={{ background: row.clientColor }} />
      <div className="row-main">
        <div className="row-top">
          <span className="row-client">{row.clientName}</span>
          <span className="row-platform">{platformLabel}</span>
          {row.kind === 'moderation' && (
            <span className="row-kind" data-testid="row-moderation">
              {t('moderation.badge')}
            </span>
          )}
          <span className={`row-status status-${row.status}`}>{t(`status.${row.status}`)}</span>
          {row.priority !== 'normal' && (
            <span className={`row-priority priority-${row.priority}`}>
              {t(`priority.${row.priority}`)}
            </span>
          )}
        </div>
        <div className="row-title">{row.title}</div>
        <div className="row-meta">
          <span>{row.memberName ?? ''}</span>
          <span>
            · <Age since={row.lastMessageAt} />
          </span>
          <span>· {row.assigneeName ?? t('queue.unassigned')}</span>
        </div>
      </div>
      <Countdown dueAt={row.dueAt} paused={row.status === 'pending'} zone={row.clientTimezone} />
    </div>
  );
});

export function QueueList({ filters }: { filters: QueueFilters }) {
  const { t } = useTranslation();
  const search = useUiStore((s) => s.search);
  const { total, totalPending, isLoading, error } = useQueue(filters, NO_INDEXES);
  return (
    <section className="queue-column" aria-label={t('nav.queue')}>
      <div className="queue-header" data-testid="queue-header">
        <span className="queue-count" data-testid="queue-count">
          {totalPending
            ? t('queue.countAtLeast', { count: total - 1 })
            : t('queue.count', { count: total })}
        </span>
        <span className="queue-head-due">{t('queue.due')}</span>
      </div>
      {error ? (
        <div className="queue-empty error">
          {t('app.error', { message: (error as Error).message })}
        </div>
      ) : !isLoading && total === 0 ? (
        <div className="queue-empty">
          {search ? t('queue.emptySearch', { q: search }) : t('queue.empty')}
        </div>
      ) : (
        <VirtualRows filters={filters} total={total} />
      )}
    </section>
  );
}

const NO_INDEXES: readonly number[] = [];

function VirtualRows({ filters, total }: { filters: QueueFilters; total: number }) {
  const { t, i18n } = useTranslation();
  // Platform names come from each source's connector, in the UI language.
  const labels = usePlatformLabels(i18n.resolvedLanguage ?? i18n.language);
  const parentRef = useRef<HTMLDivElement>(null);
  const selectedIndex = useUiStore((s) => s.selectedIndex);
  const selectedId = useUiStore((s) => s.selectedId);
  const select = useUiStore((s) => s.select);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Before the first measurement (and where there is no layout, as in jsdom) assume a window.
    initialRect: { width: 480, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // The pages under the visible window (and the selection) are fetched; others only on scroll.
  const needed = useMemo(
    () => (selectedIndex >= 0 ? [first, last, selectedIndex, selectedIndex + 1] : [first, last]),
    [first, last, selectedIndex],
  );
  const { getRow } = useQueue(filters, needed);

  // Keep the selected row in view. Rows have a fixed height, so the target is arithmetic on the
  // offset and size the virtualizer already tracks (scroll events, ResizeObserver): no layout read.
  // The write waits for the next animation frame, just before that frame's own layout and paint,
  // so the selection and the scroll land in the same frame with a single layout.
  useEffect(() => {
    if (selectedIndex < 0 || selectedIndex >= total) return;
    const raf = requestAnimationFrame(() => {
      const el = parentRef.current;
      const viewH = virtualizer.scrollRect?.height ?? 0;
      if (!el || viewH <= 0) return;
      const viewTop = virtualizer.scrollOffset ?? el.scrollTop;
      const top = selectedIndex * ROW_HEIGHT;
      if (top < viewTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > viewTop + viewH) el.scrollTop = top + ROW_HEIGHT - viewH;
    });
    return () => cancelAnimationFrame(raf);
  }, [selectedIndex, total, virtualizer]);

  // The active descendant must be in the DOM: only while the selected row is rendered.
  const activeId =
    selectedId != null && items.some((v) => getRow(v.index)?.id === selectedId)
      ? rowDomId(selectedId)
      : undefined;
  return (
    <div
      className="queue"
      ref={parentRef}
      role="listbox"
      tabIndex={0}
      aria-label={t('nav.queue')}
      aria-activedescendant={activeId}
      data-testid="queue"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const row = getRow(v.index);
          const selected = selectedId != null ? row?.id === selectedId : v.index === selectedIndex;
          return (
            <div
              key={v.key}
              className="queue-slot"
              style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
            >
              <Row
                row={row}
                index={v.index}
                selected={selected}
                platformLabel={row ? (labels.get(row.sourceId) ?? '') : ''}
                onPick={select}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
