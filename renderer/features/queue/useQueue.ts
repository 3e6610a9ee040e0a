// renderer/features/queue: the unified queue as pages fetched on demand for the virtualized list.
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { QueueRow } from '../../../shared/domain/entities';
import type { QueuePage } from '../../../shared/ipc/contract';
import {
  PAGE_SIZE,
  queueCountOptions,
  queuePageOptions,
  useApi,
  type QueueFilters,
} from '../../api/queries';
import { useDebounced } from '../../components/useDebounced';
import { useUiStore } from '../../store/useUiStore';

const SEARCH_DEBOUNCE_MS = 200;

/** The filters as the core's queue.list takes them (search debounced while typing). */
export function useQueueFilters(): QueueFilters {
  const clientIds = useUiStore((s) => s.clientIds);
  const statuses = useUiStore((s) => s.statuses);
  const assignee = useUiStore((s) => s.assignee);
  const kind = useUiStore((s) => s.kind);
  const search = useDebounced(useUiStore((s) => s.search).trim(), SEARCH_DEBOUNCE_MS);
  return useMemo(
    () => ({
      clientIds: clientIds.length ? clientIds : undefined,
      statuses: statuses.length ? statuses : undefined,
      assignee,
      kind: kind === 'all' ? undefined : kind,
      search: search || undefined,
    }),
    [clientIds, statuses, assignee, kind, search],
  );
}

/**
 * The total (from the first page), a row getter over the cached pages, and the pages covering
 * `indexes` (fetched on demand, cached per filters + page index).
 */
export function useQueue(filters: QueueFilters, indexes: readonly number[]) {
  const api = useApi();
  const qc = useQueryClient();
  const first = useQuery(queuePageOptions(api, filters, 0));
  const pageKey = [...new Set(indexes.map((i) => Math.floor(i / PAGE_SIZE)))]
    .filter((p) => p > 0)
    .sort((a, b) => a - b)
    .join(',');
  const pages = useMemo(() => (pageKey ? pageKey.split(',').map(Number) : []), [pageKey]);
  useQueries({ queries: pages.map((p) => queuePageOptions(api, filters, p)) });
  // A common search word: the first page comes before its exact total, which follows (queue.count).
  const partial = first.data?.partialTotal === true;
  const exact = useQuery(queueCountOptions(api, filters, partial));
  const total = (partial ? exact.data?.total : undefined) ?? first.data?.total ?? 0;
  const totalPending = partial && exact.data === undefined;
  const getRow = useCallback(
    (index: number): QueueRow | undefined => {
      if (index < 0) return undefined;
      const page = Math.floor(index / PAGE_SIZE);
      const data = qc.getQueryData<QueuePage>(queuePageOptions(api, filters, page).queryKey);
      return data?.rows[index - page * PAGE_SIZE];
    },
    [qc, api, filters],
  );
  return {
    total,
    totalPending,
    getRow,
    isLoading: first.isLoading,
    error: first.error,
    firstPage: first.data,
  };
}
