// renderer/api/queries: clients (brands the agency serves) and their briefing.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';

export const clientKeys = {
  all: ['clients'] as const,
};

export const clientsOptions = (api: ApiClient) =>
  queryOptions({ queryKey: clientKeys.all, queryFn: () => api['clients.list']({}) });

export function useUpdateClient() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<'clients.update'>) => api['clients.update'](v),
    // The briefing shows in every conversation of the client: refresh those too.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: clientKeys.all }),
        qc.invalidateQueries({ queryKey: ['conversation'] }),
      ]),
  });
}

export function useCreateClient() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<'clients.create'>) => api['clients.create'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: clientKeys.all }),
  });
}
