// renderer/features/queue: filters by work kind (all / support / moderation), client, status and assignee.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { clientsOptions, useApi } from '../../api/queries';
import { STATUSES } from '../../components/domain';
import { useShallow } from 'zustand/react/shallow';
import { useUiStore } from '../../store/useUiStore';

export function Filters() {
  const { t } = useTranslation();
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  // Subscribe to the filter fields only: selection changes (every j/k) must not re-render this.
  const s = useUiStore(
    useShallow((st) => ({
      clientIds: st.clientIds,
      statuses: st.statuses,
      assignee: st.assignee,
      kind: st.kind,
      setKind: st.setKind,
      toggleClient: st.toggleClient,
      toggleStatus: st.toggleStatus,
      setAssignee: st.setAssignee,
      clearFilters: st.clearFilters,
    })),
  );
  const active =
    s.clientIds.length > 0 || s.statuses.length > 0 || s.assignee !== 'any' || s.kind !== 'all';
  return (
    <nav className="filters" aria-label={t('filters.title')}>
      <h3>{t('filters.kind')}</h3>
      <ul>
        {(['all', 'support', 'moderation'] as const).map((k) => (
          <li key={k}>
            <label>
              <input
                type="radio"
                name="kind"
                data-testid="filter-kind"
                data-kind={k}
                checked={s.kind === k}
                onChange={() => s.setKind(k)}
              />{' '}
              {t(`filters.kind_${k}`)}
            </label>
          </li>
        ))}
      </ul>
      <h3>{t('filters.clients')}</h3>
      <ul>
        {clients.data?.map((c) => (
          <li key={c.id}>
            <label>
              <input
                type="checkbox"
                data-testid="filter-client"
                data-client-id={c.id}
                checked={s.clientIds.includes(c.id)}
                onChange={() => s.toggleClient(c.id)}
              />
              <span className="client-dot" style={{ background: c.color }} /> {c.name}
            </label>
          </li>
        ))}
      </ul>
      <h3>{t('filters.status')}</h3>
      <ul>
        {STATUSES.map((st) => (
          <li key={st}>
            <label>
              <input
                type="checkbox"
                data-testid="filter-status"
                data-status={st}
                checked={s.statuses.includes(st)}
                onChange={() => s.toggleStatus(st)}
              />{' '}
              {t(`status.${st}`)}
            </label>
          </li>
        ))}
      </ul>
      <h3>{t('filters.assignee')}</h3>
      <ul>
        {(['any', 'me', 'unassigned'] as const).map((a) => (
          <li key={a}>
            <label>
              <input
                type="radio"
                name="assignee"
                data-testid="filter-assignee"
                data-assignee={a}
                checked={s.assignee === a}
                onChange={() => s.setAssignee(a)}
              />{' '}
              {t(`filters.${a}`)}
            </label>
          </li>
        ))}
      </ul>
      {active && (
        <button type="button" className="link" data-testid="clear-filters" onClick={s.clearFilters}>
          {t('filters.clear')}
        </button>
      )}
    </nav>
  );
}
