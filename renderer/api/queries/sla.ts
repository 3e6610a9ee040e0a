// renderer/api/queries: SLA clocks, the team lead's board, per-client policies, schedule, report.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Priority } from '../../../shared/domain/entities';
import type { SlaPolicyInput } from '../../../shared/domain/sla';
import type { ApiClient } from '../client';
import { useApi } from './context';
import { queueKeys } from './queue';

export const slaKeys = {
  all: ['sla'] as const,
  clocks: (conversationId: number) => [...slaKeys.all, 'clocks', conversationId] as const,
  board: (soonMinutes: number) => [...slaKeys.all, 'board', soonMinutes] as const,
  policies: (clientId: number) => [...slaKeys.all, 'policies', clientId] as const,
  schedule: (clientId: number) => [...slaKeys.all, 'schedule', clientId] as const,
  preview: (clientId: number, priority: Priority) =>
    [...slaKeys.all, 'preview', clientId, priority] as const,
  report: (clientId: number, from: string, to: string) =>
    [...slaKeys.all, 'report', clientId, from, to] as const,
};

export const clocksOptions = (api: ApiClient, conversationId: number) =>
  queryOptions({
    queryKey: slaKeys.clocks(conversationId),
    queryFn: () => api['sla.clocks']({ conversationId }),
  });
export const boardOptions = (api: ApiClient, soonMinutes: number) =>
  queryOptions({
    queryKey: slaKeys.board(soonMinutes),
    queryFn: () => api['sla.board']({ soonMinutes }),
    refetchInterval: 30_000,
  });
export const policiesOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: slaKeys.policies(clientId),
    queryFn: () => api['sla.policies']({ clientId }),
  });
export const scheduleOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: slaKeys.schedule(clientId),
    queryFn: () => api['sla.getSchedule']({ clientId }),
  });
export const previewOptions = (api: ApiClient, clientId: number, priority: Priority = 'normal') =>
  queryOptions({
    queryKey: slaKeys.preview(clientId, priority),
    queryFn: () => api['sla.preview']({ clientId, priority }),
  });
export const reportOptions = (api: ApiClient, clientId: number, from: string, to: string) =>
  queryOptions({
    queryKey: slaKeys.report(clientId, from, to),
    queryFn: () => api['sla.report']({ clientId, from, to }),
  });

export function useSavePolicy() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { clientId: number; id?: number; policy: SlaPolicyInput }) =>
      api['sla.savePolicy'](v),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: slaKeys.all }),
        qc.invalidateQueries({ queryKey: queueKeys.all }),
      ]),
  });
}

export function useSetSchedule() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { clientId: number; schedule: unknown }) => api['sla.setSchedule'](v),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: slaKeys.all }),
        qc.invalidateQueries({ queryKey: queueKeys.all }),
      ]),
  });
}
