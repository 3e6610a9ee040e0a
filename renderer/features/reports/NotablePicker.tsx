// renderer/features/reports: the account manager's notable conversations for a client's month report
// (reports.notable / reports.setNotable, audited). Without picks the PDF chooses by itself (the top
// feedback themes' conversations, else the busiest); picks are found by searching the client's
// conversations, kept in order (at most 10), and removable.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../../shared/domain/entities';
import { notableOptions, useApi, useClientReportCommand } from '../../api/queries';

const MAX = 10;

export function NotablePicker({ clientId, month }: { clientId: number; month: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const searchId = useId();
  const picks = useQuery(notableOptions(api, clientId, month));
  const save = useClientReportCommand('reports.setNotable');
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['notableSearch', clientId, search],
    queryFn: () => api['queue.list']({ clientIds: [clientId], search, limit: 8 }),
    enabled: search.trim().length >= 2,
  });
  const [titles, setTitles] = useState<Record<number, string>>({});
  const items = picks.data ?? [];
  const set = (next: { conversationId: number; note: string }[]) =>
    save.mutate({ clientId, month, items: next });
  const add = (row: QueueRow) => {
    setTitles((x) => ({ ...x, [row.id]: row.title }));
    if (items.some((i) => i.conversationId === row.id) || items.length >= MAX) return;
    set([...items, { conversationId: row.id, note: '' }]);
  };
  return (
    <section className="notable" aria-labelledby={`${searchId}-h`} data-testid="notable">
      <h3 id={`${searchId}-h`}>{t('reports.notable.title', { month })}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('reports.notable.default')}</p>
      ) : (
        <ol data-testid="notable-list">
          {items.map((i) => (
            <li key={i.conversationId} data-conversation-id={i.conversationId}>
              {titles[i.conversationId] ??
                t('reports.notable.conversation', { id: i.conversationId })}{' '}
              <button
                type="button"
                className="link"
                aria-label={t('reports.notable.remove', {
                  title: titles[i.conversationId] ?? String(i.conversationId),
                })}
                onClick={() => set(items.filter((x) => x.conversationId !== i.conversationId))}
              >
                {t('reports.notable.removeShort')}
              </button>
            </li>
          ))}
        </ol>
      )}
      <label htmlFor={searchId}>{t('reports.notable.search')}</label>
      <input
        id={searchId}
        type="search"
        data-testid="notable-search"
        value={search}
        maxLength={200}
        onChange={(e) => setSearch(e.target.value)}
      />
      {found.data && (
        <ul data-testid="notable-found" aria-label={t('reports.notable.found')}>
          {found.data.rows.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                data-testid="notable-add"
                disabled={items.length >= MAX || items.some((i) => i.conversationId === r.id)}
                onClick={() => add(r)}
              >
                {t('reports.notable.add', { title: r.title })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {save.error && (
        <p className="error" role="alert">
          {t('reports.error', { message: save.error.message })}
        </p>
      )}
    </section>
  );
}
