// renderer/app: the shell — top bar, then the queue workspace (filters | queue | conversation),
// the SLA board, time, reports or settings — plus the keyboard handler and the readiness signal. Components
// subscribe to the store slices they show, so a j/k keystroke re-renders only the queue rows whose
// selection changed and the conversation pane.
import { useQuery } from '@tanstack/react-query';
import { lazy, memo, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { appInfoOptions, countsOptions, useApi } from '../api/queries';
import { ConversationPane } from '../features/conversation/ConversationPane';
import { preloadComposer } from '../features/conversation/loadComposer';
import { Filters } from '../features/queue/Filters';
import { QueueList } from '../features/queue/QueueList';
import { useQueue, useQueueFilters } from '../features/queue/useQueue';
import { ShortcutHelp } from '../features/shortcuts/ShortcutHelp';
import { useKeyboardShortcuts } from '../features/shortcuts/useKeyboardShortcuts';
import { TimeCapture } from '../features/time/TimeCapture';
import { TimerControl } from '../features/time/TimerControl';
import { Welcome } from '../features/welcome/Welcome';
import { formatDateTime } from '../components/time';
import { useUiStore, type View } from '../store/useUiStore';
import { Loading } from '../components/Loading';
import { CoreReconnected } from './CoreReconnected';

// The queue is the first screen; the other tabs (and their libraries: recharts, the editors) load on
// first use, so the first page is painted without parsing them (the cold-start figure).
const SlaBoard = lazy(() =>
  import('../features/sla/SlaBoard').then((m) => ({ default: m.SlaBoard })),
);
const TimeView = lazy(() =>
  import('../features/time/TimeView').then((m) => ({ default: m.TimeView })),
);
const ReportsView = lazy(() =>
  import('../features/reports/ReportsView').then((m) => ({ default: m.ReportsView })),
);
const Settings = lazy(() =>
  import('../features/settings/Settings').then((m) => ({ default: m.Settings })),
);

const VIEWS: View[] = ['queue', 'board', 'time', 'reports', 'settings'];

export function App() {
  const view = useUiStore((s) => s.view);
  const api = useApi();
  const info = useQuery(appInfoOptions(api));
  // First start: the agent says who they are before anything else (every change is recorded under them).
  if (info.data && info.data.agent === null) return <Welcome />;
  return (
    <div className="app">
      <KeyboardShortcuts />
      <ReadySignal />
      <TimeCapture />
      <TopBar />
      <CoreUnreachable />
      <RestoredFromBackup />
      <CoreReconnected />
      {view === 'queue' && <Workspace />}
      {view !== 'queue' && (
        <Suspense fallback={<Loading as="main" className="settings" />}>
          {view === 'board' && <SlaBoard />}
          {view === 'time' && <TimeView />}
          {view === 'reports' && <ReportsView />}
          {view === 'settings' && <Settings />}
        </Suspense>
      )}
      <ShortcutHelp />
    </div>
  );
}

function KeyboardShortcuts() {
  useKeyboardShortcuts();
  return null;
}

/** For end-to-end tests and the UI benchmark: <html data-ready="1"> once the console is usable. */
function ReadySignal() {
  const api = useApi();
  const info = useQuery(appInfoOptions(api));
  const { firstPage } = useQueue(useQueueFilters(), NO_INDEXES);
  const ready = info.data != null && firstPage != null;
  useEffect(() => {
    if (!ready) return;
    document.documentElement.dataset.ready = '1';
    preloadComposer();
  }, [ready]);
  return null;
}

const NO_INDEXES: readonly number[] = [];

/** The core is not answering (server stopped, or this page's session token was rejected). */
function CoreUnreachable() {
  const { t } = useTranslation();
  const api = useApi();
  const info = useQuery(appInfoOptions(api));
  if (!info.error) return null;
  return (
    <p className="banner error" role="alert" data-testid="core-error">
      {t('app.error', { message: info.error.message })}
    </p>
  );
}

/** The database was corrupted and restored from a backup at start: say which window to re-check. */
function RestoredFromBackup() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const info = useQuery(appInfoOptions(api));
  const r = info.data?.recovery;
  if (!r) return null;
  return (
    <p className="banner error" role="alert" data-testid="restored-banner">
      {r.backupAt
        ? t('app.restored', {
            backupAt: formatDateTime(r.backupAt, i18n.language),
            detectedAt: formatDateTime(r.detectedAt, i18n.language),
            file: r.corruptFile,
          })
        : t('app.restoredNone', { file: r.corruptFile })}
    </p>
  );
}

const TopBar = memo(function TopBar() {
  const { t } = useTranslation();
  const api = useApi();
  const info = useQuery(appInfoOptions(api));
  const counts = useQuery(countsOptions(api));
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  const search = useUiStore((s) => s.search);
  const setSearch = useUiStore((s) => s.setSearch);
  const searchTick = useUiStore((s) => s.searchFocusTick);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (searchTick > 0) searchRef.current?.focus();
  }, [searchTick]);

  return (
    <header className="topbar">
      <span className="brand" data-testid="app-name">
        {t('app.name')}
      </span>
      {info.data?.demo && (
        <span className="demo-badge" data-testid="demo-badge" title={t('app.demoHint')}>
          {t('app.demo')}
        </span>
      )}
      <nav className="tabs" aria-label={t('nav.title')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className={view === v ? 'active' : ''}
            aria-current={view === v ? 'page' : undefined}
            data-testid={`nav-${v}`}
            onClick={() => setView(v)}
          >
            {t(`nav.${v}`)}
          </button>
        ))}
      </nav>
      <input
        ref={searchRef}
        className="search"
        type="search"
        data-testid="search"
        value={search}
        placeholder={t('filters.search')}
        onChange={(e) => setSearch(e.target.value)}
        aria-label={t('filters.searchLabel')}
      />
      {counts.data && (
        <span className="counts" data-testid="open-count">
          {t('app.open', { count: counts.data.open })}
          {counts.data.breached > 0 && (
            <span className="breached">
              {' '}
              · {t('app.breached', { count: counts.data.breached })}
            </span>
          )}
        </span>
      )}
      <TimerControl />
      {info.data?.agent && (
        <span
          className="agent-chip"
          data-testid="current-agent"
          title={info.data.agent.email ?? undefined}
        >
          {t('app.agent', { name: info.data.agent.name })}
        </span>
      )}
      <button
        type="button"
        className="help-button"
        onClick={() => useUiStore.getState().setHelp(true)}
        aria-label={t('help.title')}
        title={t('help.title')}
      >
        ?
      </button>
    </header>
  );
});

const Workspace = memo(function Workspace() {
  const filters = useQueueFilters();
  return (
    <main className="workspace">
      <Filters />
      <QueueList filters={filters} />
      <SelectedConversation />
    </main>
  );
});

/**
 * The conversation pane for the selection. The title paints at once from the queue row; a selected
 * index whose page was not loaded yet gets its conversation id when the page arrives.
 */
function SelectedConversation() {
  const filters = useQueueFilters();
  const selectedIndex = useUiStore((s) => s.selectedIndex);
  const selectedId = useUiStore((s) => s.selectedId);
  const { getRow } = useQueue(filters, selectedIndex >= 0 ? [selectedIndex] : NO_INDEXES);
  const row = getRow(selectedIndex);
  useEffect(() => {
    if (row && useUiStore.getState().selectedId == null)
      useUiStore.getState().select(selectedIndex, row.id);
  }, [row, selectedIndex]);
  return <ConversationPane id={selectedId} preview={row} />;
}
