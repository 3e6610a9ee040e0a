// renderer/api/queries: the time room — tracker status, week view, idle reviews, the agent's time
// profile, contracts, periods; mutations for the timer, entries, idle reviews, periods and exports.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';

export const timeKeys = {
  all: ['time'] as const,
  status: ['time', 'status'] as const,
  week: (weekStart: string, timeZone: string) => ['time', 'week', weekStart, timeZone] as const,
  idle: ['time', 'idle'] as const,
  profile: ['time', 'profile'] as const,
  contract: (clientId: number) => ['time', 'contract', clientId] as const,
  periods: (month: string) => ['time', 'periods', month] as const,
  /** Export progress (set from core events; not under `time`, so a refetch never clears it). */
  exportProgress: (exportId: string) => ['timeExport', exportId] as const,
};

export const timeStatusOptions = (api: ApiClient) =>
  queryOptions({ queryKey: timeKeys.status, queryFn: () => api['time.status']({}) });
export const weekOptions = (api: ApiClient, weekStart: string, timeZone: string) =>
  queryOptions({
    queryKey: timeKeys.week(weekStart, timeZone),
    queryFn: () => api['time.week']({ weekStart, timeZone }),
  });
export const idleReviewsOptions = (api: ApiClient) =>
  queryOptions({ queryKey: timeKeys.idle, queryFn: () => api['time.idleReviews']({}) });
export const timeProfileOptions = (api: ApiClient) =>
  queryOptions({ queryKey: timeKeys.profile, queryFn: () => api['time.profile']({}) });
export const contractOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: timeKeys.contract(clientId),
    queryFn: () => api['time.contract']({ clientId }),
  });
export const periodsOptions = (api: ApiClient, month: string) =>
  queryOptions({
    queryKey: timeKeys.periods(month),
    queryFn: () => api['time.periods']({ month }),
  });

type TimeCommand =
  | 'time.timerStart'
  | 'time.timerStop'
  | 'time.addEntry'
  | 'time.updateEntry'
  | 'time.deleteEntry'
  | 'time.resolveIdle'
  | 'time.setProfile'
  | 'time.setContract'
  | 'time.setPeriod';

/** Any time command; refreshes every time view when it succeeds. */
export function useTimeCommand<M extends TimeCommand>(method: M) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<M>) => (api[method] as (v: Input<M>) => Promise<unknown>)(v),
    onSuccess: () => qc.invalidateQueries({ queryKey: timeKeys.all }),
  });
}

export function useTimeExport() {
  const api = useApi();
  return useMutation({ mutationFn: (v: Input<'time.export'>) => api['time.export'](v) });
}
