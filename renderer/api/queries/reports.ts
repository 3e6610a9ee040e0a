// renderer/api/queries: the reports room — KPIs of a client (or all clients) for a period and the
// previous period of the same length. Past periods do not change often: a minute's staleness.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

export const reportKeys = {
  all: ['reports'] as const,
  kpis: (clientId: number | null, from: string, to: string) =>
    [...reportKeys.all, 'kpis', clientId, from, to] as const,
};

export const kpisOptions = (api: ApiClient, clientId: number | null, from: string, to: string) =>
  queryOptions({
    queryKey: reportKeys.kpis(clientId, from, to),
    queryFn: () => api['reports.kpis']({ clientId, from, to }),
    staleTime: 60_000,
    // While another period loads, the last one stays on screen (marked as loading), not a blank tab.
    placeholderData: keepPreviousData,
  });
