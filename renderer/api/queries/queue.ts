// renderer/api/queries: the unified queue, fetched as pages of PAGE_SIZE rows by offset, and the
// counts in the top bar. Everything under ['queue'] is refreshed by the queue.changed event.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { QueueQuery } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';

export const PAGE_SIZE = 200;
export type QueueFilters = Pick<
  QueueQuery,
  'clientIds' | 'statuses' | 'assignee' | 'search' | 'kind'
>;

export const queueKeys = {
  all: ['queue'] as const,
  page: (f: QueueFilters, pageIndex: number) => [...queueKeys.all, 'page', f, pageIndex] as const,
  counts: () => [...queueKeys.all, 'counts'] as const,
  count: (f: QueueFilters) => [...queueKeys.all, 'count', f] as const,
};

export const queuePageOptions = (api: ApiClient, f: QueueFilters, pageIndex: number) =>
  queryOptions({
    queryKey: queueKeys.page(f, pageIndex),
    queryFn: () => api['queue.list']({ ...f, offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE }),
    // While a refetch (or a new filter) is in flight, keep showing the previous rows.
    placeholderData: keepPreviousData,
  });

/** The exact total of a search whose first page came back with a partial total (a common word). */
export const queueCountOptions = (api: ApiClient, f: QueueFilters, enabled: boolean) =>
  queryOptions({
    queryKey: queueKeys.count(f),
    queryFn: () => api['queue.count']({ ...f, offset: 0, limit: 1 }),
    enabled,
    placeholderData: keepPreviousData,
  });

export const countsOptions = (api: ApiClient) =>
  queryOptions({ queryKey: queueKeys.counts(), queryFn: () => api['queue.counts']({}) });
