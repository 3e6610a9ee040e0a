// renderer/app: the shell — top bar, filters, queue, conversation pane, board, settings — and the
// global keyboard handler (keyboard-first triage).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { appInfoOptions, conversationOptions, countsOptions, useApi, useAssign, useSetStatus } from '../api/queries';
import { ConversationPane } from '../features/conversation/ConversationPane';
import { Filters } from '../features/queue/Filters';
import { QueueList } from '../features/queue/QueueList';
import { useQueue, useQueueFilters } from '../features/queue/useQueue';
import { Settings } from '../features/settings/Settings';
import { ShortcutHelp } from '../features/shortcuts/ShortcutHelp';
import { isTyping } from '../features/shortcuts/shortcuts';
import { SlaBoard } from '../features/sla/SlaBoard';
import { useUiStore } from '../store/useUiStore';

export function App() {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const info = useQuery(appInfoOptions(api));
  const counts = useQuery(countsOptions(api));
  const filters = useQueueFilters();
  const selectedIndex = useUiStore((s) => s.selectedIndex);
  const selectedId = useUiStore((s) => s.selectedId);
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  const search = useUiStore((s) => s.search);
  const setSearch = useUiStore((s) => s.setSearch);
  const searchTick = useUiStore((s) => s.searchFocusTick);
  const searchRef = useRef<HTMLInputElement>(null);
  const { total, getRow, firstPage } = useQueue(filters, selectedIndex >= 0 ? [selectedIndex] : []);
  const setStatus = useSetStatus();
  const assign = useAssign();

  // Readiness signal for end-to-end tests and the UI benchmark.
  useEffect(() => {
    if (info.data && firstPage) document.documentElement.dataset.ready = '1';
  }, [info.data, firstPage]);
  useEffect(() => {
    if (searchTick > 0) searchRef.current?.focus();
  }, [searchTick]);

  // When the selected row's page arrives (or the queue changes), keep id and index in step.
  const row = selectedIndex >= 0 ? getRow(selectedIndex) : undefined;
  useEffect(() => {
    if (row && row.id !== useUiStore.getState().selectedId) useUiStore.getState().select(selectedIndex, row.id);
  }, [row, selectedIndex]);

  const move = useCallback(
    (delta: number) => {
      const s = useUiStore.getState();
      if (total === 0) return;
      const next = Math.max(0, Math.min(total - 1, (s.selectedIndex < 0 ? -1 : s.selectedIndex) + delta));
      const r = getRow(next);
      s.select(next, r?.id ?? null);
      // Prefetch the neighbours so the next keystroke paints from cache.
      for (const k of [next + 1, next + 2, next - 1]) {
        const n = getRow(k);
        if (n) void qc.prefetchQuery(conversationOptions(api, n.id));
      }
    },
    [total, getRow, qc, api],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useUiStore.getState();
      if (e.key === 'Escape') {
        if (s.helpOpen) s.setHelp(false);
        else if (isTyping(e.target)) (e.target as HTMLElement).blur();
        return;
      }
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const id = s.selectedId;
      switch (e.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'Enter':
          if (s.selectedIndex < 0) move(1);
          else s.select(s.selectedIndex, getRow(s.selectedIndex)?.id ?? s.selectedId);
          break;
        case 'r':
          if (id != null) s.focusComposer();
          break;
        case 'e':
          if (id != null) {
            setStatus.mutate({ id, status: 'solved' });
            move(1);
          }
          break;
        case 'p':
          if (id != null) setStatus.mutate({ id, status: 'pending' });
          break;
        case 'a': {
          const me = info.data?.agent;
          if (id != null && me) assign.mutate({ id, assigneeId: me.id });
          break;
        }
        case '/':
          s.focusSearch();
          break;
        case '?':
          s.setHelp(!s.helpOpen);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, getRow, setStatus, assign, info.data]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        {info.data?.demo && (
          <span className="demo-badge" title={t('app.demoHint')}>
            {t('app.demo')}
          </span>
        )}
        <nav className="tabs">
          {(['queue', 'board', 'settings'] as const).map((v) => (
            <button key={v} type="button" className={view === v ? 'active' : ''} onClick={() => setView(v)}>
              {t(`nav.${v}`)}
            </button>
          ))}
        </nav>
        <input ref={searchRef} className="search" type="search" value={search} placeholder={t('filters.search')} onChange={(e) => setSearch(e.target.value)} aria-label={t('filters.search')} />
        {counts.data && (
          <span className="counts">
            {t('app.open', { count: counts.data.open })}
            {counts.data.breached > 0 && <span className="breached"> · {t('app.breached', { count: counts.data.breached })}</span>}
          </span>
        )}
        <button type="button" className="link" onClick={() => useUiStore.getState().setHelp(true)} aria-label={t('help.title')}>?</button>
      </header>
      {view === 'queue' && (
        <main className="workspace">
          <Filters />
          <QueueList filters={filters} />
          <ConversationPane id={selectedId} preview={row} />
        </main>
      )}
      {view === 'board' && <SlaBoard />}
      {view === 'settings' && <Settings />}
      <ShortcutHelp />
    </div>
  );
}
