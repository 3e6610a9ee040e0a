// renderer/app: the providers — the API client over the chosen transport, TanStack Query with
// networkMode 'always' (the core is local: never pause for "offline"), and core events -> query
// invalidation by domain prefix + notifications (toast; browser Notification outside Electron).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoreEvent } from '../../shared/ipc/contract';
import { createApiClient, type ApiClient } from '../api/client';
import { ApiContext, applyEvent } from '../api/queries';
import type { Transport } from '../api/transport';
import { useUiStore } from '../store/useUiStore';
import i18n from '../i18n';

const TOAST_MS = 8_000;
const MAX_TOASTS = 4;

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: 2_000, refetchOnWindowFocus: false, retry: 1 },
      mutations: { networkMode: 'always' },
    },
  });
}

type NotifyEvent = Extract<CoreEvent, { name: 'notify' }>;
type Toast = { id: number; kind: string; title: string; body: string; conversationId?: number };

function openConversation(id: number) {
  const s = useUiStore.getState();
  s.setView('queue');
  s.select(-1, id);
}

/** The notification title in the agent's language (SLA events carry the metric and client). */
export function notifyTitle(p: NotifyEvent['payload']): string {
  if (!p.metric || p.kind === 'info') return p.title;
  return i18n.t(p.kind === 'breach' ? 'sla.notifyBreach' : 'sla.notifyWarning', { metric: i18n.t(`sla.metric.${p.metric}`), client: p.client ?? '' });
}

/** Browser mode only: in the desktop app the main process shows native notifications itself. */
function notifyBrowser(e: NotifyEvent, desktop: boolean) {
  if (desktop || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(notifyTitle(e.payload), { body: e.payload.body, tag: `steward-${e.payload.conversationId ?? e.payload.title}` });
  n.onclick = () => {
    window.focus();
    if (e.payload.conversationId) openConversation(e.payload.conversationId);
  };
}

export function Providers({ transport, children, queryClient }: { transport: Transport; children: ReactNode; queryClient?: QueryClient }) {
  const [qc] = useState(() => queryClient ?? makeQueryClient());
  const [api] = useState<ApiClient>(() => createApiClient(transport));
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    let seq = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const unsubscribe = transport.subscribe(
      (e) => {
        applyEvent(qc, e);
        if (e.name === 'notification.clicked') return openConversation(e.payload.conversationId);
        if (e.name !== 'notify') return;
        notifyBrowser(e, transport.kind === 'ipc');
        const id = ++seq;
        setToasts((t) => [...t.slice(-(MAX_TOASTS - 1)), { id, ...e.payload, title: notifyTitle(e.payload) }]);
        const timer = setTimeout(() => {
          timers.delete(timer);
          setToasts((t) => t.filter((x) => x.id !== id));
        }, TOAST_MS);
        timers.add(timer);
      },
      // Events may have been missed while the stream was down: refetch everything.
      () => void qc.invalidateQueries(),
    );
    return () => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
    };
  }, [transport, qc]);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={qc}>
        {children}
        <Toasts toasts={toasts} dismiss={(id) => setToasts((t) => t.filter((x) => x.id !== id))} />
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}

function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss(id: number): void }) {
  const { t } = useTranslation();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((x) => (
        <div key={x.id} className={`toast ${x.kind}`} data-testid="toast" data-kind={x.kind}>
          <strong>{x.title}</strong>
          <div>{x.body}</div>
          <div className="toast-actions">
            {x.conversationId != null && (
              <button type="button" className="link" onClick={() => { openConversation(x.conversationId!); dismiss(x.id); }}>
                {t('toast.open')}
              </button>
            )}
            <button type="button" className="link" onClick={() => dismiss(x.id)} aria-label={t('toast.dismiss')}>
              {t('toast.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
