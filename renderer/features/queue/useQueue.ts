// renderer/features/queue: the unified queue as pages fetched on demand (virtualized list).
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { QueueRow } from '../../../shared/domain/entities';
import type { QueuePage } from '../../../shared/ipc/contract';
import { PAGE_SIZE, queuePageOptions, useApi, type QueueFilters } from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';

export function useQueueFilters(): QueueFilters {
  const clientIds = useUiStore((s) => s.clientIds);
  const statuses = useUiStore((s) => s.statuses);
  const assignee = useUiStore((s) => s.assignee);
  const search = useUiStore((s) => s.search);
  return useMemo(
    () => ({
      clientIds: clientIds.length ? clientIds : undefined,
      statuses: statuses.length ? statuses : undefined,
      assignee,
      search: search.trim() ? search.trim() : undefined,
    }),
    [clientIds, statuses, assignee, search],
  );
}

/** Total count, a row getter over cached pages, and the pages needed for the given indexes. */
export function useQueue(filters: QueueFilters, visibleIndexes: number[]) {
  const api = useApi();
  const qc = useQueryClient();
  const first = useQuery(queuePageOptions(api, filters, 0));
  const pages = useMemo(() => [...new Set(visibleIndexes.map((i) => Math.floor(i / PAGE_SIZE)))].filter((p) => p > 0), [visibleIndexes]);
  useQueries({ queries: pages.map((p) => queuePageOptions(api, filters, p)) });
  const total = first.data?.total ?? 0;
  const getRow = useCallback(
    (index: number): QueueRow | undefined => {
      const page = Math.floor(index / PAGE_SIZE);
      const data = qc.getQueryData<QueuePage>(queuePageOptions(api, filters, page).queryKey);
      return data?.rows[index - page * PAGE_SIZE];
    },
    [qc, api, filters],
  );
  return { total, getRow, isLoading: first.isLoading, error: first.error, firstPage: first.data };
}
