// @vitest-environment jsdom
// The client report hook for the Reports tab: `useClientReport` calls `reports.clientReport` with what
// the button passes and returns the core's answer; `reports.clientReportProgress` events land under
// the progress key of their reportId; the notable/language commands refresh the report queries.
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement, type ReactNode } from 'react';
import { expect, it, vi } from 'vitest';
import { createApiClient } from '../../renderer/api/client';
import {
  ApiContext,
  applyEvent,
  clientReportKeys,
  useClientReport,
  useClientReportCommand,
} from '../../renderer/api/queries';
import type { Transport } from '../../renderer/api/transport';

function setup(answer: unknown) {
  const calls: { method: string; input: unknown }[] = [];
  const transport: Transport = {
    kind: 'http',
    invoke: (method, input) => {
      calls.push({ method, input });
      return Promise.resolve({ ok: true, value: answer });
    },
    subscribe: () => () => {},
  };
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const api = createApiClient(transport);
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(
      QueryClientProvider,
      { client: qc },
      createElement(ApiContext.Provider, { value: api }, children),
    );
  return { calls, qc, wrapper };
}

it('useClientReport sends the request and returns the written file', async () => {
  const answer = { path: '/d/exports/r.pdf', pages: 5, bytes: 1234, language: 'da' };
  const { calls, wrapper } = setup(answer);
  const { result } = renderHook(() => useClientReport(), { wrapper });
  act(() => {
    result.current.mutate({ clientId: 3, month: '2026-11', paper: 'letter', reportId: 'r1' });
  });
  await waitFor(() => expect(result.current.isSuccess).toBe(true));
  expect(result.current.data).toEqual(answer);
  expect(calls).toEqual([
    {
      method: 'reports.clientReport',
      input: { clientId: 3, month: '2026-11', paper: 'letter', reportId: 'r1' },
    },
  ]);
});

it('progress events are kept per report id', () => {
  const qc = new QueryClient();
  const payload = { reportId: 'r1', step: 4, steps: 10, done: false };
  applyEvent(qc, { name: 'reports.clientReportProgress', payload });
  expect(qc.getQueryData(clientReportKeys.progress('r1'))).toEqual(payload);
  expect(qc.getQueryData(clientReportKeys.progress('r2'))).toBeUndefined();
});

it('setting notable conversations refreshes the report queries', async () => {
  const { qc, wrapper } = setup([]);
  const spy = vi.spyOn(qc, 'invalidateQueries');
  const { result } = renderHook(() => useClientReportCommand('reports.setNotable'), { wrapper });
  act(() => {
    result.current.mutate({ clientId: 3, month: '2026-11', items: [] });
  });
  await waitFor(() => expect(result.current.isSuccess).toBe(true));
  expect(spy).toHaveBeenCalledWith({ queryKey: clientReportKeys.all });
});
