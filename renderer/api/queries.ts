// renderer/api: TanStack Query keys, options and mutations. Server data lives only here.
import { createContext, useContext } from 'react';
import { keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConversationStatus, Priority } from '../../shared/domain/entities';
import type { SlaPolicyInput } from '../../shared/domain/sla';
import type { CoreEvent, QueueQuery } from '../../shared/ipc/contract';
import type { ApiClient } from './client';

export const ApiContext = createContext<ApiClient | null>(null);
export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('ApiContext missing');
  return api;
}

export const PAGE_SIZE = 200;
export type QueueFilters = Pick<QueueQuery, 'clientIds' | 'statuses' | 'assignee' | 'search'>;

export const keys = {
  app: ['app'] as const,
  clients: ['clients'] as const,
  agents: ['agents'] as const,
  sources: ['sources'] as const,
  quarantine: ['sources', 'quarantine'] as const,
  queue: ['queue'] as const,
  queuePage: (f: QueueFilters, page: number) => ['queue', 'page', f, page] as const,
  counts: ['queue', 'counts'] as const,
  conversation: (id: number) => ['conversation', id] as const,
  sla: ['sla'] as const,
  clocks: (id: number) => ['sla', 'clocks', id] as const,
  board: (soon: number) => ['sla', 'board', soon] as const,
  policies: (clientId: number) => ['sla', 'policies', clientId] as const,
  schedule: (clientId: number) => ['sla', 'schedule', clientId] as const,
  report: (clientId: number, from: string, to: string) => ['sla', 'report', clientId, from, to] as const,
};

export const appInfoOptions = (api: ApiClient) => queryOptions({ queryKey: keys.app, queryFn: () => api['app.info']({}), staleTime: Infinity });
export const clientsOptions = (api: ApiClient) => queryOptions({ queryKey: keys.clients, queryFn: () => api['clients.list']({}) });
export const agentsOptions = (api: ApiClient) => queryOptions({ queryKey: keys.agents, queryFn: () => api['agents.list']({}) });
export const sourcesOptions = (api: ApiClient) => queryOptions({ queryKey: keys.sources, queryFn: () => api['sources.list']({}) });
export const quarantineOptions = (api: ApiClient) => queryOptions({ queryKey: keys.quarantine, queryFn: () => api['sources.quarantine']({ limit: 100 }) });
export const countsOptions = (api: ApiClient) => queryOptions({ queryKey: keys.counts, queryFn: () => api['queue.counts']({}) });
export const queuePageOptions = (api: ApiClient, f: QueueFilters, page: number) =>
  queryOptions({
    queryKey: keys.queuePage(f, page),
    queryFn: () => api['queue.list']({ ...f, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
export const conversationOptions = (api: ApiClient, id: number) =>
  queryOptions({ queryKey: keys.conversation(id), queryFn: () => api['conversations.get']({ id }), staleTime: 5_000 });
export const clocksOptions = (api: ApiClient, id: number) => queryOptions({ queryKey: keys.clocks(id), queryFn: () => api['sla.clocks']({ conversationId: id }) });
export const boardOptions = (api: ApiClient, soon: number) => queryOptions({ queryKey: keys.board(soon), queryFn: () => api['sla.board']({ soonMinutes: soon }), refetchInterval: 30_000 });
export const policiesOptions = (api: ApiClient, clientId: number) => queryOptions({ queryKey: keys.policies(clientId), queryFn: () => api['sla.policies']({ clientId }) });
export const scheduleOptions = (api: ApiClient, clientId: number) => queryOptions({ queryKey: keys.schedule(clientId), queryFn: () => api['sla.getSchedule']({ clientId }) });
export const reportOptions = (api: ApiClient, clientId: number, from: string, to: string) =>
  queryOptions({ queryKey: keys.report(clientId, from, to), queryFn: () => api['sla.report']({ clientId, from, to }) });

/** Core events invalidate by domain prefix. */
export function applyEvent(qc: QueryClient, e: CoreEvent): void {
  switch (e.name) {
    case 'queue.changed':
      void qc.invalidateQueries({ queryKey: keys.queue });
      void qc.invalidateQueries({ queryKey: keys.sla });
      break;
    case 'conversation.changed':
      void qc.invalidateQueries({ queryKey: keys.conversation(e.payload.id) });
      void qc.invalidateQueries({ queryKey: keys.clocks(e.payload.id) });
      break;
    case 'outbox.changed':
      void qc.invalidateQueries({ queryKey: keys.conversation(e.payload.conversationId) });
      break;
    case 'sources.changed':
      void qc.invalidateQueries({ queryKey: keys.sources });
      break;
    default:
      break;
  }
}

export function useSetStatus() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; status: ConversationStatus }) => api['conversations.setStatus'](v),
    onSuccess: (_d, v) => Promise.all([qc.invalidateQueries({ queryKey: keys.conversation(v.id) }), qc.invalidateQueries({ queryKey: keys.queue })]),
  });
}
export function useSetPriority() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; priority: Priority }) => api['conversations.setPriority'](v),
    onSuccess: (_d, v) => Promise.all([qc.invalidateQueries({ queryKey: keys.conversation(v.id) }), qc.invalidateQueries({ queryKey: keys.queue })]),
  });
}
export function useAssign() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; assigneeId: number | null }) => api['conversations.assign'](v),
    onSuccess: (_d, v) => Promise.all([qc.invalidateQueries({ queryKey: keys.conversation(v.id) }), qc.invalidateQueries({ queryKey: keys.queue }), qc.invalidateQueries({ queryKey: keys.sla })]),
  });
}
export function useSendReply() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { conversationId: number; body: string; idempotencyKey: string; thenStatus?: ConversationStatus }) => api['replies.send'](v),
    onSuccess: (_d, v) => Promise.all([qc.invalidateQueries({ queryKey: keys.conversation(v.conversationId) }), qc.invalidateQueries({ queryKey: keys.queue })]),
  });
}
export function useRetryReply() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { messageId: number; conversationId: number }) => api['replies.retry']({ messageId: v.messageId }),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: keys.conversation(v.conversationId) }),
  });
}
export function useAddNote() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { conversationId: number; body: string }) => api['notes.add'](v),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: keys.conversation(v.conversationId) }),
  });
}
export function useSavePolicy() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { clientId: number; id?: number; policy: SlaPolicyInput }) => api['sla.savePolicy'](v),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.sla }), qc.invalidateQueries({ queryKey: keys.queue })]),
  });
}
