// renderer/features/queue: the unified, virtualized queue (smooth at 100,000 rows): only visible
// rows are in the DOM, pages of 200 are fetched as they scroll into view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../../shared/domain/entities';
import type { QueueFilters } from '../../api/queries';
import { formatDateTime, formatDuration, useNow } from '../../components/time';
import { useUiStore } from '../../store/useUiStore';
import { useQueue } from './useQueue';

const ROW_HEIGHT = 58;

/** Live time to a deadline; hovering shows the due time in the client's zone and the agent's. */
export function Countdown({ dueAt, paused, zone }: { dueAt: string | null; paused?: boolean; zone?: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (paused) return <span className="countdown paused">{t('queue.paused')}</span>;
  if (!dueAt) return <span className="countdown none">{t('queue.noDue')}</span>;
  const left = Date.parse(dueAt) - now;
  const cls = left < 0 ? 'overdue' : left < 15 * 60_000 ? 'soon' : 'ok';
  const title = zone ? t('conversation.dueClient', { client: formatDateTime(dueAt, i18n.language, zone), clientZone: zone, agent: formatDateTime(dueAt, i18n.language) }) : formatDateTime(dueAt, i18n.language);
  return <span className={`countdown ${cls}`} title={title}>{formatDuration(left, i18n.language)}</span>;
}

/** Only the live parts re-render every second, not the rows. */
function Age({ since }: { since: string }) {
  const { i18n } = useTranslation();
  const now = useNow();
  return <>{formatDuration(now - Date.parse(since), i18n.language)}</>;
}

const Row = memo(function Row({ row, index, selected, onPick }: { row: QueueRow | undefined; index: number; selected: boolean; onPick(i: number, id: number | null): void }) {
  const { t } = useTranslation();
  if (!row) return <div className="queue-row placeholder" role="option" aria-selected={selected} />;
  return (
    <div
      className={`queue-row status-${row.status}${selected ? ' selected' : ''}`}
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
          <span className="row-platform">{row.platform}</span>
          <span className={`row-status status-${row.status}`}>{t(`status.${row.status}`)}</span>
          {row.priority !== 'normal' && <span className={`row-priority priority-${row.priority}`}>{t(`priority.${row.priority}`)}</span>}
        </div>
        <div className="row-title">{row.title}</div>
        <div className="row-meta">
          <span>{row.memberName ?? ''}</span>
          <span>· <Age since={row.lastMessageAt} /></span>
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
  const { total, isLoading } = useQueue(filters, []);
  if (!isLoading && total === 0) {
    return <div className="queue-empty">{search ? t('queue.emptySearch', { q: search }) : t('queue.empty')}</div>;
  }
  return <VirtualRows filters={filters} total={total} />;
}

function VirtualRows({ filters, total }: { filters: QueueFilters; total: number }) {
  const { t } = useTranslation();
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
  const visible = useMemo(() => {
    const idx = [first, last];
    if (selectedIndex >= 0) idx.push(selectedIndex, selectedIndex + 1);
    return idx;
  }, [first, last, selectedIndex]);
  const { getRow } = useQueue(filters, visible);

  useEffect(() => {
    if (selectedIndex < 0 || selectedIndex >= total) return;
    // Scrolling forces a layout: skip it while the row is comfortably inside the viewport.
    const r = virtualizer.range;
    if (r && selectedIndex > r.startIndex && selectedIndex < r.endIndex) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, total, virtualizer]);

  return (
    <div className="queue" ref={parentRef} role="listbox" aria-label={t('nav.queue')} data-testid="queue">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => (
          <div key={v.key} className="queue-slot" style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}>
            <Row row={getRow(v.index)} index={v.index} selected={selectedId != null ? getRow(v.index)?.id === selectedId : v.index === selectedIndex} onPick={select} />
          </div>
        ))}
      </div>
    </div>
  );
}
